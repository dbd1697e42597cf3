package fleet.cli;

import fleet.cli.api.FleetApi;
import fleet.cli.api.HttpFleetApi;
import fleet.cli.command.CliException;
import fleet.cli.command.GlobalOptions;
import fleet.cli.command.SshArgv;
import fleet.cli.http.Endpoint;
import fleet.cli.http.PemTls;
import fleet.cli.http.SocketHttpClient;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/** Builds the HTTP API client from the global flags. */
final class ApiFactory {
    private ApiFactory() {}

    static FleetApi http(GlobalOptions g, PrintStream err) {
        Endpoint endpoint;
        try {
            endpoint = Endpoint.parse(g.endpoint);
        } catch (IllegalArgumentException e) {
            throw CliException.error(e.getMessage());
        }
        if (Endpoint.isList(g.endpoint)) {
            err.println("WARNING: only the first endpoint is used: " + endpoint);
        }
        if (!(g.requestTimeout > 0) || g.requestTimeout > 86_400) {
            throw CliException.error("--request-timeout must be a number of seconds above 0, got " + g.requestTimeout);
        }
        SSLContext tls = null;
        if (endpoint.kind() == Endpoint.Kind.HTTPS) {
            try {
                tls = PemTls.context(g.caFile, g.certFile, g.keyFile);
            } catch (IOException e) {
                throw CliException.error(e.getMessage());
            }
        } else if (g.caFile != null || g.certFile != null || g.keyFile != null) {
            err.println("WARNING: --ca-file, --cert-file and --key-file are used only with an https:// endpoint");
        }
        Consumer<String> debug = g.debug ? line -> err.println("DEBUG: " + line) : null;
        Duration timeout = Duration.ofNanos((long) (g.requestTimeout * 1e9));
        List<String> tunnel = List.of();
        if (g.tunnel != null && !g.tunnel.isBlank()) {
            if (endpoint.kind() != Endpoint.Kind.UNIX) {
                throw CliException.error("--tunnel reaches the API's unix socket on the tunnel's host: use a unix:// "
                        + "endpoint (the default, unix:///var/run/fleet.sock), not " + endpoint);
            }
            tunnel = SshArgv.tunnel(g, g.tunnel.strip(), endpoint.socket().toString()).argv();
        }
        return new HttpFleetApi(new SocketHttpClient(endpoint, tls, timeout, debug, tunnel));
    }
}
