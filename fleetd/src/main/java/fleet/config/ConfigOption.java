package fleet.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Every option fleetd knows, as written in fleet.conf; {@code FLEET_<NAME>} in the environment. */
enum ConfigOption {
    ETCD_SERVERS, ETCD_KEY_PREFIX, ETCD_REQUEST_TIMEOUT,
    ETCD_CAFILE, ETCD_CERTFILE, ETCD_KEYFILE, ETCD_USERNAME, ETCD_PASSWORD,
    PUBLIC_IP, METADATA, AGENT_TTL, ENGINE_RECONCILE_INTERVAL, ENGINE_LEASE_TTL, ENGINE_GRACE_PERIOD, TOKEN_LIMIT,
    DISABLE_ENGINE, DISABLE_WATCHES, UNITS_DIRECTORY, SYSTEMD_USER, VERBOSITY,
    SCHEDULING_STRATEGY, MACHINE_ID_FILE, API_SOCKET, API_LISTENERS,
    API_TLS_CAFILE, API_TLS_CERTFILE, API_TLS_KEYFILE, API_INSECURE_LOOPBACK, DISABLE_AGENT,
    LOG_LEVEL, LOG_LEVELS,
    VERIFY_UNITS(true), AUTHORIZED_KEYS_FILE(true), ENABLE_GRPC(true);

    private final boolean deprecated;

    ConfigOption() {
        this(false);
    }

    ConfigOption(boolean deprecated) {
        this.deprecated = deprecated;
    }

    boolean deprecated() {
        return deprecated;
    }

    /** The name in fleet.conf, e.g. {@code etcd_servers}. */
    String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    String envName() {
        return "FLEET_" + name();
    }

    static Optional<ConfigOption> byKey(String key) {
        return Arrays.stream(values()).filter(o -> o.key().equals(key)).findFirst();
    }
}
