package fleet.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import fleet.config.ApiListener;
import fleet.config.FleetConfig;

/**
 * How the API server listens and answers.
 *
 * @param socket     the unix socket (fleet's {@code /var/run/fleet.sock}); its parent is created, a
 *                   stale socket file is replaced, and it is made mode 0660 after bind
 * @param listeners  TCP listeners; a non-loopback one requires the three TLS files (mutual TLS)
 * @param tokenLimit page size of every listing ({@code token_limit})
 * @param version    shown in the {@code Server: fleetd/<version>} header
 * @param machineId  this machine, whose units {@code status} and {@code journal} serve locally
 * @param bodyLimit  largest accepted request body in bytes (413 above)
 */
public record ApiSettings(Path socket, List<ApiListener> listeners, Optional<Path> tlsCaFile,
        Optional<Path> tlsCertFile, Optional<Path> tlsKeyFile, int tokenLimit, String version, String machineId,
        int bodyLimit) {
    public static final Path DEFAULT_SOCKET = Path.of("/var/run/fleet.sock");
    public static final int DEFAULT_BODY_LIMIT = 1024 * 1024;

    public ApiSettings {
        listeners = List.copyOf(listeners);
        if (tokenLimit < 1 || tokenLimit > 65535) {
            throw new IllegalArgumentException("token_limit must be 1-65535, got " + tokenLimit);
        }
    }

    public static ApiSettings from(FleetConfig c, String version, String machineId) {
        return new ApiSettings(c.apiSocket() == null ? DEFAULT_SOCKET : c.apiSocket(), c.apiListeners(),
                c.apiTlsCaFile(), c.apiTlsCertFile(), c.apiTlsKeyFile(), c.tokenLimit(), version, machineId,
                DEFAULT_BODY_LIMIT);
    }

    /** All three TLS files are set. */
    boolean tls() {
        return tlsCaFile.isPresent() && tlsCertFile.isPresent() && tlsKeyFile.isPresent();
    }
}
