package fleet.cli.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The forms of --endpoint fleetctl accepts. */
class EndpointTest {
    @Test
    void anHttpEndpointKeepsItsBasePathWithoutTrailingSlashes() {
        Endpoint e = Endpoint.parse("http://10.0.0.1:49153/api//");
        assertThat(e.kind()).isEqualTo(Endpoint.Kind.HTTP);
        assertThat(e.host()).isEqualTo("10.0.0.1");
        assertThat(e.port()).isEqualTo(49153);
        assertThat(e.basePath()).isEqualTo("/api");
        assertThat(Endpoint.parse("https://h/").basePath()).isEmpty();
        assertThat(Endpoint.parse("https://h").port()).isEqualTo(443);
    }

    @Test
    void aUnixEndpointNamesTheSocketAndOnlyTheFirstOfAListCounts() {
        Endpoint e = Endpoint.parse("unix:///var/run/fleet.sock,http://other:1");
        assertThat(e.kind()).isEqualTo(Endpoint.Kind.UNIX);
        assertThat(e.socket()).isEqualTo(Path.of("/var/run/fleet.sock"));
        assertThatThrownBy(() -> Endpoint.parse("unix://var/run/fleet.sock")).hasMessageContaining("no host part");
    }
}
