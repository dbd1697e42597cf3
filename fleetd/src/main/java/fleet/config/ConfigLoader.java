package fleet.config;

import static fleet.config.ConfigOption.*;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a {@link FleetConfig} from, lowest precedence first: built-in defaults; the INI file given
 * by {@code --config} (which must exist and be a regular file), else the default file if it exists;
 * then the environment variables {@code FLEET_<OPTION>} of known options (others are ignored).
 * Any malformed value throws a {@link ConfigException}; deprecated options only warn.
 */
public final class ConfigLoader {
    public static final Path DEFAULT_CONFIG_FILE = Path.of("/etc/fleet/fleet.conf");
    static final Duration MIN_LEASE_TTL = Duration.ofSeconds(2);
    static final Duration MAX_DEFAULT_LEASE_TTL = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(ConfigLoader.class);
    private static final Pattern IPV4 = Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");

    private final Path defaultConfigFile;
    private final Map<String, String> env;
    private final PublicIpDetector ipDetector;
    private final List<String> warnings = new ArrayList<>();

    /** The real thing: /etc/fleet/fleet.conf, the process environment, /proc/net/route. */
    public static ConfigLoader system() {
        return system(Map.of());
    }

    /** With {@code overrides} taking precedence over the environment (fleetd's own flags, as FLEET_*). */
    public static ConfigLoader system(Map<String, String> overrides) {
        Map<String, String> env = new java.util.HashMap<>(System.getenv());
        env.putAll(overrides);
        return new ConfigLoader(DEFAULT_CONFIG_FILE, env, Path.of("/proc/net/route"));
    }

    public ConfigLoader(Path defaultConfigFile, Map<String, String> env, Path procNetRoute) {
        this(defaultConfigFile, env, PublicIpDetector.system(procNetRoute));
    }

    ConfigLoader(Path defaultConfigFile, Map<String, String> env, PublicIpDetector ipDetector) {
        this.defaultConfigFile = defaultConfigFile;
        this.env = Map.copyOf(env);
        this.ipDetector = ipDetector;
    }

    /** Warnings of the last {@link #load} (deprecated options, public IP fallback); also logged. */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** @param configFlag the {@code --config} path, if given */
    public FleetConfig load(Optional<Path> configFlag) {
        warnings.clear();
        OptionValues v = new OptionValues();
        configFile(configFlag).ifPresent(file -> IniFile.read(file).forEach(raw ->
                v.set(ConfigOption.byKey(raw.option()).orElseThrow(), raw)));
        for (ConfigOption o : ConfigOption.values()) {
            String value = env.get(o.envName());
            if (value != null) {
                v.set(o, new RawValue(o.key(), value, "environment variable " + o.envName()));
            }
        }
        for (ConfigOption o : ConfigOption.values()) {
            if (o.deprecated()) {
                v.raw(o).ifPresent(raw -> warn("option " + o.key() + " (" + raw.origin() + ") is deprecated and ignored"));
            }
        }
        return build(v);
    }

    private Optional<Path> configFile(Optional<Path> configFlag) {
        if (configFlag.isPresent()) {
            Path p = configFlag.get();
            if (!Files.isRegularFile(p)) {
                throw new ConfigException("--config=" + p + ": " + (Files.exists(p) ? "not a regular file" : "no such file"));
            }
            return configFlag;
        }
        return Files.isRegularFile(defaultConfigFile) ? Optional.of(defaultConfigFile) : Optional.empty();
    }

    private FleetConfig build(OptionValues v) {
        Duration interval = v.seconds(ENGINE_RECONCILE_INTERVAL, Duration.ofSeconds(2));
        Duration agentTtl = v.goDuration(AGENT_TTL, Duration.ofSeconds(30), Duration.ofSeconds(1));
        Optional<Path> cert = v.existingFile(ETCD_CERTFILE);
        Optional<Path> key = v.existingFile(ETCD_KEYFILE);
        requireTogether(v, ETCD_CERTFILE, cert.isPresent(), ETCD_KEYFILE, key.isPresent());
        String user = v.string(ETCD_USERNAME, "");
        String password = v.string(ETCD_PASSWORD, "");
        requireTogether(v, ETCD_USERNAME, !user.isEmpty(), ETCD_PASSWORD, !password.isEmpty());
        Optional<Path> apiCert = v.existingFile(API_TLS_CERTFILE);
        Optional<Path> apiKey = v.existingFile(API_TLS_KEYFILE);
        Optional<Path> apiCa = v.existingFile(API_TLS_CAFILE);
        requireTogether(v, API_TLS_CERTFILE, apiCert.isPresent(), API_TLS_KEYFILE, apiKey.isPresent());
        List<ApiListener> listeners = v.parsed(API_LISTENERS, List.of(), ApiListener::parseList);
        boolean tls = apiCert.isPresent() && apiCa.isPresent();
        boolean insecureLoopback = v.bool(API_INSECURE_LOOPBACK);
        listeners.stream().filter(l -> !l.loopback() && !tls).findFirst().ifPresent(l -> {
            throw ConfigException.badValue(v.raw(API_LISTENERS).orElseThrow(), "listener " + l
                    + " is not on loopback, so it needs TLS with client certificates: set api_tls_certfile, api_tls_keyfile and api_tls_cafile");
        });
        // the unix socket is root's (0660): a TCP listener without client certificates would let any
        // local user submit a unit, which runs as root
        listeners.stream().filter(l -> !tls && !insecureLoopback).findFirst().ifPresent(l -> {
            throw ConfigException.badValue(v.raw(API_LISTENERS).orElseThrow(), "listener " + l
                    + " has no authentication, so every local user could act as root through it: set "
                    + "api_tls_certfile, api_tls_keyfile and api_tls_cafile, or api_insecure_loopback=true to accept that");
        });
        List<URI> etcdServers = v.urls(ETCD_SERVERS, List.of(URI.create("http://127.0.0.1:2379")));
        etcdServers.stream().filter(u -> "http".equals(u.getScheme()) && !new ApiListener(u.getHost(), 1).loopback())
                .forEach(u -> warn("etcd endpoint " + u + " is plain http off loopback: the registry (unit files, "
                        + "which run as root) travels unencrypted and unauthenticated; use https with etcd_cafile"));
        return new FleetConfig(
                etcdServers,
                v.parsed(ETCD_KEY_PREFIX, "/_coreos.com/fleet/", ConfigLoader::keyPrefix),
                v.seconds(ETCD_REQUEST_TIMEOUT, Duration.ofSeconds(1)),
                v.existingFile(ETCD_CAFILE), cert, key, user, password,
                publicIp(v),
                v.parsed(METADATA, Map.of(), MetadataParser::parse),
                agentTtl,
                interval,
                wholeSeconds(v.goDuration(ENGINE_LEASE_TTL, defaultLeaseTtl(interval), MIN_LEASE_TTL)),
                v.goDuration(ENGINE_GRACE_PERIOD, agentTtl.multipliedBy(2), agentTtl),
                v.integer(TOKEN_LIMIT, 100, 1, 10_000),
                v.bool(DISABLE_ENGINE),
                v.bool(DISABLE_WATCHES),
                v.path(UNITS_DIRECTORY, "/run/fleet/units/"),
                v.bool(SYSTEMD_USER),
                v.integer(VERBOSITY, 0, 0, Integer.MAX_VALUE),
                v.parsed(SCHEDULING_STRATEGY, SchedulingStrategy.SPREAD, SchedulingStrategy::parse),
                v.path(MACHINE_ID_FILE, "/etc/machine-id"),
                v.path(API_SOCKET, "/var/run/fleet.sock"),
                listeners, apiCa, apiCert, apiKey, insecureLoopback,
                v.bool(DISABLE_AGENT),
                new LogLevels(v.parsed(LOG_LEVEL, defaultLogLevel(), LogLevels::level),
                        v.parsed(LOG_LEVELS, Map.of(), LogLevels::packages)));
    }

    /** Without log_level: FLEETD_LOG_LEVEL (fleet.service's, or a bench's system property), else info. */
    private String defaultLogLevel() {
        String legacy = System.getProperty("FLEETD_LOG_LEVEL", env.get("FLEETD_LOG_LEVEL"));
        try {
            return legacy == null ? "info" : LogLevels.level(legacy);
        } catch (IllegalArgumentException e) {
            warn("FLEETD_LOG_LEVEL: " + e.getMessage() + "; logging at info");
            return "info";
        }
    }

    /**
     * fleet's rule, 5 x the reconcile interval, but never below etcd-friendly 2 s and never above
     * 5 s: a dead leader's machine hands the engine on within this TTL + 1 s.
     */
    static Duration defaultLeaseTtl(Duration interval) {
        Duration five = interval.multipliedBy(5);
        return five.compareTo(MIN_LEASE_TTL) < 0 ? MIN_LEASE_TTL : five.compareTo(MAX_DEFAULT_LEASE_TTL) > 0
                ? MAX_DEFAULT_LEASE_TTL : five;
    }

    /** etcd lease TTLs are whole seconds: round up. */
    private static Duration wholeSeconds(Duration d) {
        long s = d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
        return Duration.ofSeconds(s);
    }

    private String publicIp(OptionValues v) {
        String ip = v.parsed(PUBLIC_IP, "", s -> {
            if (!s.isEmpty() && !IPV4.matcher(s).matches()) {
                throw new IllegalArgumentException("expected an IPv4 address such as 192.0.2.10");
            }
            return s;
        });
        return ip.isEmpty() ? ipDetector.detect(this::warn) : ip;
    }

    private static String keyPrefix(String s) {
        if (!s.startsWith("/")) {
            throw new IllegalArgumentException("must start with '/'");
        }
        return s.endsWith("/") ? s : s + "/";
    }

    private static void requireTogether(OptionValues v, ConfigOption a, boolean hasA, ConfigOption b, boolean hasB) {
        if (hasA != hasB) {
            ConfigOption given = hasA ? a : b;
            throw ConfigException.badValue(v.raw(given).orElseThrow(),
                    (hasA ? b : a).key() + " must be set too: " + a.key() + " and " + b.key() + " go together");
        }
    }

    private void warn(String message) {
        warnings.add(message);
        log.warn(message);
    }
}
