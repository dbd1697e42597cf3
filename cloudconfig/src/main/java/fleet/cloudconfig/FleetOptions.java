package fleet.cloudconfig;

import java.util.List;
import java.util.Locale;

/**
 * The {@code coreos.fleet} keys fleetd reads, each as {@code FLEET_<KEY>} from its environment
 * (fleet.config.ConfigOption; FleetOptionsTest keeps the two lists equal). A key fleetd would not
 * read is refused here rather than silently ignored there.
 */
public final class FleetOptions {
    public static final List<String> KNOWN = List.of(
            "etcd_servers", "etcd_key_prefix", "etcd_request_timeout",
            "etcd_cafile", "etcd_certfile", "etcd_keyfile", "etcd_username", "etcd_password",
            "public_ip", "metadata", "agent_ttl", "engine_reconcile_interval", "engine_lease_ttl", "engine_grace_period", "token_limit",
            "disable_engine", "disable_watches", "units_directory", "systemd_user", "verbosity",
            "scheduling_strategy", "machine_id_file", "api_socket", "api_listeners",
            "api_tls_cafile", "api_tls_certfile", "api_tls_keyfile", "api_insecure_loopback", "disable_agent",
            "log_level", "log_levels",
            "verify_units", "authorized_keys_file", "enable_grpc");

    private FleetOptions() {
    }

    static void requireKnown(String key, String where) {
        if (!KNOWN.contains(key)) {
            throw new CloudConfigException(where + ": '" + key + "' is not an option fleetd reads (known: "
                    + String.join(", ", KNOWN) + ")");
        }
    }

    /** The environment variable fleetd reads for a key, as CoreOS's cloudinit named it. */
    public static String envName(String key) {
        return "FLEET_" + key.toUpperCase(Locale.ROOT);
    }
}
