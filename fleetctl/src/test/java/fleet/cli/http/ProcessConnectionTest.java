package fleet.cli.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/** --tunnel's connections: a child process's stdin and stdout, here a shell standing in for ssh. */
class ProcessConnectionTest {
    static final Endpoint SOCKET = Endpoint.parse("unix:///var/run/fleet.sock");

    SocketHttpClient through(Duration timeout, String script) {
        return new SocketHttpClient(SOCKET, null, timeout, null, List.of("sh", "-c", script));
    }

    @Test
    void requestAndResponseTravelThroughTheProcess() throws IOException {
        // the far end answers with what it was asked for: the request line, read from its stdin
        var client = through(Duration.ofSeconds(10), "read method target version; body=\"$method $target\"; "
                + "printf 'HTTP/1.1 200 OK\\r\\nContent-Length: %d\\r\\nConnection: close\\r\\n\\r\\n%s' ${#body} \"$body\"; "
                + "cat >/dev/null");

        HttpResponse r = client.send("GET", "/fleet/v1/machines", null, null);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.bodyText()).isEqualTo("GET /fleet/v1/machines");
    }

    @Test
    void aProcessSilentPastTheDeadlineIsEndedAndTheRequestTimesOut() {
        var client = through(Duration.ofMillis(300), "exec sleep 30");

        assertThatThrownBy(() -> client.send("GET", "/fleet/v1/machines", null, null))
                .isInstanceOf(SocketTimeoutException.class);
    }

    @Test
    void aProcessThatEndsAtOnceIsAClosedConnection() {
        var client = through(Duration.ofSeconds(10), "exit 255");

        assertThatThrownBy(() -> client.send("GET", "/fleet/v1/machines", null, null))
                .isInstanceOf(IOException.class).isNotInstanceOf(SocketTimeoutException.class);
    }
}
