package fleet.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * fleetd's configuration, fully parsed and checked by {@link ConfigLoader}: defaults, then
 * fleet.conf, then {@code FLEET_*} environment variables. Immutable. Options not in fleet v1.0:
 * {@code engine_lease_ttl}, {@code engine_grace_period}, {@code scheduling_strategy}, {@code machine_id_file}, {@code api_socket}, {@code disable_agent},
 * {@code api_listeners}, {@code api_tls_*}, {@code log_level} and {@code log_levels}.
 *
 * @param etcdServers        etcd client URLs (default {@code http://127.0.0.1:2379}; fleet also
 *                           listed the legacy port 4001, which etcd v3 does not serve)
 * @param etcdKeyPrefix      keyspace root, starts and ends with '/'
 * @param etcdUsername       empty when etcd auth is off; set together with the password
 * @param publicIp           the IPv4 published for this machine (configured or detected)
 * @param engineLeaseTtl     TTL of the engine leader's lease; failover takes at most about this long
 *                           after a leader dies without resigning
 * @param engineGracePeriod  how long the engine keeps lost machines' units placed after an etcd
 *                           outage or a mass loss (default 2 x agent_ttl, at least agent_ttl)
 * @param apiListeners       TCP listeners of the API besides the unix socket; they need mutual TLS
 * @param apiInsecureLoopback the operator's explicit opt-out: loopback TCP listeners without TLS,
 *                           where every local user may do what root may (submit units that run as root)
 * @param disableAgent       no agent and no systemd: this fleetd is an engine (and API) only, and its
 *                           machine registers as one that takes no units
 * @param logLevels          {@code log_level} (or {@code --log-level}) and {@code log_levels}, applied at
 *                           start and on every reload
 */
public record FleetConfig(
        List<URI> etcdServers,
        String etcdKeyPrefix,
        Duration etcdRequestTimeout,
        Optional<Path> etcdCaFile,
        Optional<Path> etcdCertFile,
        Optional<Path> etcdKeyFile,
        String etcdUsername,
        String etcdPassword,
        String publicIp,
        Map<String, String> metadata,
        Duration agentTtl,
        Duration engineReconcileInterval,
        Duration engineLeaseTtl,
        Duration engineGracePeriod,
        int tokenLimit,
        boolean disableEngine,
        boolean disableWatches,
        Path unitsDirectory,
        boolean systemdUser,
        int verbosity,
        SchedulingStrategy schedulingStrategy,
        Path machineIdFile,
        Path apiSocket,
        List<ApiListener> apiListeners,
        Optional<Path> apiTlsCaFile,
        Optional<Path> apiTlsCertFile,
        Optional<Path> apiTlsKeyFile,
        boolean apiInsecureLoopback,
        boolean disableAgent,
        LogLevels logLevels) {

    public FleetConfig {
        etcdServers = List.copyOf(etcdServers);
        metadata = Map.copyOf(metadata);
        apiListeners = List.copyOf(apiListeners);
    }

    /** The password never appears in logs. */
    @Override
    public String toString() {
        return "FleetConfig[etcdServers=" + etcdServers + ", etcdKeyPrefix=" + etcdKeyPrefix
                + ", etcdRequestTimeout=" + etcdRequestTimeout + ", etcdTls=" + etcdCertFile.isPresent()
                + ", etcdUsername=" + etcdUsername + ", etcdPassword=" + (etcdPassword.isEmpty() ? "" : "***")
                + ", publicIp=" + publicIp + ", metadata=" + metadata + ", agentTtl=" + agentTtl
                + ", engineReconcileInterval=" + engineReconcileInterval + ", engineLeaseTtl=" + engineLeaseTtl
                + ", engineGracePeriod=" + engineGracePeriod
                + ", tokenLimit=" + tokenLimit + ", disableEngine=" + disableEngine
                + ", disableWatches=" + disableWatches + ", unitsDirectory=" + unitsDirectory
                + ", systemdUser=" + systemdUser + ", verbosity=" + verbosity
                + ", schedulingStrategy=" + schedulingStrategy + ", machineIdFile=" + machineIdFile
                + ", apiSocket=" + apiSocket + ", apiListeners=" + apiListeners
                + (apiInsecureLoopback ? ", apiInsecureLoopback=true" : "")
                + (disableAgent ? ", disableAgent=true" : "") + ", logLevels=" + logLevels + "]";
    }
}
