package fleet.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import fleet.cli.CliRunner;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fd-forward's copying: what goes in reaches the socket, and the socket's answer comes out. */
class UnixSocketForwarderTest {
    @TempDir
    Path dir;

    @Test
    void inputReachesTheSocketAndItsReplyComesOut() throws Exception {
        Path socket = dir.resolve("api.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            CompletableFuture<String> received = CompletableFuture.supplyAsync(() -> answer(server));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new UnixSocketForwarder(socket).forward(
                    new ByteArrayInputStream("GET /fleet/v1/machines\n".getBytes(StandardCharsets.UTF_8)), out);
            assertThat(received.get()).isEqualTo("GET /fleet/v1/machines\n");
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("got 23 bytes\n");
        }
    }

    @Test
    void aMissingSocketIsAnError() {
        CliRunner cli = new CliRunner();
        CliRunner.Result result = cli.run("fd-forward", dir.resolve("absent.sock").toString());
        assertThat(result.code()).isEqualTo(ExitCode.ERROR);
        assertThat(result.err()).contains("cannot forward to").contains("absent.sock");
    }

    /** Reads until the forwarder closes its half, then answers with what it read. */
    private static String answer(ServerSocketChannel server) {
        try (SocketChannel client = server.accept()) {
            ByteBuffer in = ByteBuffer.allocate(1024);
            while (client.read(in) >= 0) {
                // until the forwarder shuts its output down
            }
            String request = new String(in.array(), 0, in.position(), StandardCharsets.UTF_8);
            ByteBuffer reply = ByteBuffer.wrap(("got " + request.length() + " bytes\n").getBytes(StandardCharsets.UTF_8));
            while (reply.hasRemaining()) {
                client.write(reply);
            }
            return request;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
