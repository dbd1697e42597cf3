package fleet.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {
    @TempDir
    Path dir;
    Path defaultFile;
    final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void setUp() {
        defaultFile = dir.resolve("fleet.conf");
    }

    private ConfigLoader loader() {
        PublicIpDetector noIp = new PublicIpDetector(dir.resolve("no-route"), name -> List.of(), List::of);
        return new ConfigLoader(defaultFile, env, noIp);
    }

    private FleetConfig load() {
        return loader().load(Optional.empty());
    }

    private void file(String... lines) throws IOException {
        Files.write(defaultFile, List.of(lines));
    }

    private Path touch(String name) throws IOException {
        return Files.writeString(dir.resolve(name), "x");
    }

    @Test
    void defaultsWithoutFileOrEnvironment() {
        FleetConfig c = load();
        assertThat(c.etcdServers()).containsExactly(URI.create("http://127.0.0.1:2379"));
        assertThat(c.etcdKeyPrefix()).isEqualTo("/_coreos.com/fleet/");
        assertThat(c.etcdRequestTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.agentTtl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.engineReconcileInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.engineLeaseTtl()).as("5 x 2 s, capped at 5 s").isEqualTo(Duration.ofSeconds(5));
        assertThat(c.engineGracePeriod()).as("2 x agent_ttl").isEqualTo(Duration.ofSeconds(60));
        assertThat(c.tokenLimit()).isEqualTo(100);
        assertThat(c.disableEngine()).isFalse();
        assertThat(c.disableAgent()).isFalse();
        assertThat(c.unitsDirectory()).isEqualTo(Path.of("/run/fleet/units/"));
        assertThat(c.schedulingStrategy()).isEqualTo(SchedulingStrategy.SPREAD);
        assertThat(c.machineIdFile()).isEqualTo(Path.of("/etc/machine-id"));
        assertThat(c.apiSocket()).isEqualTo(Path.of("/var/run/fleet.sock"));
        assertThat(c.apiListeners()).isEmpty();
        assertThat(c.metadata()).isEmpty();
        assertThat(c.publicIp()).isEqualTo("127.0.0.1");
        assertThat(c.etcdCaFile()).isEmpty();
    }

    @Test
    void precedenceIsDefaultThenFileThenEnvironment() throws IOException {
        file("# comment", "; another", "", "token_limit=50", "verbosity = 2", "agent_ttl=\"45s\"");
        env.put("FLEET_VERBOSITY", "3");
        env.put("FLEET_TEST_TIMEOUT_SCALE", "2");
        env.put("PATH", "/bin");
        FleetConfig c = load();
        assertThat(c.tokenLimit()).isEqualTo(50);          // file over default
        assertThat(c.verbosity()).isEqualTo(3);            // env over file
        assertThat(c.agentTtl()).isEqualTo(Duration.ofSeconds(45));
        assertThat(c.etcdKeyPrefix()).isEqualTo("/_coreos.com/fleet/"); // default stays
    }

    @Test
    void explicitConfigFlagWinsOverDefaultFile() throws IOException {
        file("token_limit=50");
        Path other = Files.write(dir.resolve("other.conf"), List.of("token_limit=7"));
        assertThat(loader().load(Optional.of(other)).tokenLimit()).isEqualTo(7);
    }

    @Test
    void missingConfigFlagFileIsAnError() {
        assertThatThrownBy(() -> loader().load(Optional.of(dir.resolve("nope.conf"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("--config=").hasMessageContaining("no such file");
        assertThatThrownBy(() -> loader().load(Optional.of(dir)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not a regular file");
    }

    @Test
    void unknownKeyInFileNamesFileAndLine() throws IOException {
        file("token_limit=5", "etcd_server=http://x:2379");
        assertThatThrownBy(this::load).isInstanceOf(ConfigException.class)
                .hasMessage(defaultFile + ":2: unknown option \"etcd_server\"");
    }

    @Test
    void sectionsAndLinesWithoutEqualsAreErrors() throws IOException {
        file("[global]");
        assertThatThrownBy(this::load).hasMessageContaining(":1: sections are not supported");
        file("token_limit");
        assertThatThrownBy(this::load).hasMessageContaining(":1: expected key=value");
    }

    @Test
    void etcdServersAcceptBothListForms() {
        env.put("FLEET_ETCD_SERVERS", "[\"http://a:2379\", \"https://b:2379\"]");
        assertThat(load().etcdServers()).containsExactly(URI.create("http://a:2379"), URI.create("https://b:2379"));
        env.put("FLEET_ETCD_SERVERS", " http://a:2379 ,http://b:4001");
        assertThat(load().etcdServers()).containsExactly(URI.create("http://a:2379"), URI.create("http://b:4001"));
    }

    @Test
    void keyPrefixIsNormalized() {
        env.put("FLEET_ETCD_KEY_PREFIX", "/other");
        assertThat(load().etcdKeyPrefix()).isEqualTo("/other/");
    }

    @Test
    void filesMustExistAndGoTogether() throws IOException {
        Path cert = touch("cert.pem");
        Path key = touch("key.pem");
        Path ca = touch("ca.pem");
        env.put("FLEET_ETCD_CERTFILE", cert.toString());
        env.put("FLEET_ETCD_KEYFILE", key.toString());
        env.put("FLEET_ETCD_CAFILE", ca.toString());
        FleetConfig c = load();
        assertThat(c.etcdCertFile()).contains(cert);
        assertThat(c.etcdKeyFile()).contains(key);
        assertThat(c.etcdCaFile()).contains(ca);
        env.remove("FLEET_ETCD_KEYFILE");
        assertThatThrownBy(this::load).hasMessage("invalid etcd_certfile \"" + cert
                + "\" (environment variable FLEET_ETCD_CERTFILE): etcd_keyfile must be set too: etcd_certfile and etcd_keyfile go together");
    }

    @Test
    void usernameAndPasswordGoTogetherAndPasswordIsNotPrinted() {
        env.put("FLEET_ETCD_USERNAME", "root");
        env.put("FLEET_ETCD_PASSWORD", "s3cret");
        FleetConfig c = load();
        assertThat(c.etcdUsername()).isEqualTo("root");
        assertThat(c.etcdPassword()).isEqualTo("s3cret");
        assertThat(c.toString()).doesNotContain("s3cret");
        env.remove("FLEET_ETCD_PASSWORD");
        assertThatThrownBy(this::load).hasMessageContaining("etcd_password must be set too");
    }

    @Test
    void everyTypedOptionParses() throws IOException {
        file("public_ip=192.0.2.10", "metadata=\"region=us-west, disk = ssd\"", "etcd_request_timeout=0.5",
                "engine_reconcile_interval=0.2", "disable_engine=YES", "disable_watches=1", "systemd_user=true",
                "units_directory=/tmp/u", "scheduling_strategy=BinPack", "machine_id_file=/tmp/id",
                "api_socket=/tmp/f.sock", "api_listeners=127.0.0.1:4000,[::1]:4001,localhost:4002", "api_insecure_loopback=1",
                "verbosity=0", "token_limit=10000", "disable_agent=yes");
        FleetConfig c = load();
        assertThat(c.publicIp()).isEqualTo("192.0.2.10");
        assertThat(c.metadata()).containsExactlyInAnyOrderEntriesOf(Map.of("region", "us-west", "disk", "ssd"));
        assertThat(c.etcdRequestTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.engineReconcileInterval()).isEqualTo(Duration.ofMillis(200));
        assertThat(c.engineLeaseTtl()).isEqualTo(Duration.ofSeconds(2)); // 5 x 0.2 s, raised to the 2 s floor
        assertThat(c.disableEngine()).isTrue();
        assertThat(c.disableWatches()).isTrue();
        assertThat(c.systemdUser()).isTrue();
        assertThat(c.unitsDirectory()).isEqualTo(Path.of("/tmp/u"));
        assertThat(c.schedulingStrategy()).isEqualTo(SchedulingStrategy.BINPACK);
        assertThat(c.machineIdFile()).isEqualTo(Path.of("/tmp/id"));
        assertThat(c.apiSocket()).isEqualTo(Path.of("/tmp/f.sock"));
        assertThat(c.apiListeners()).containsExactly(new ApiListener("127.0.0.1", 4000),
                new ApiListener("::1", 4001), new ApiListener("localhost", 4002));
        assertThat(c.tokenLimit()).isEqualTo(10000);
        assertThat(c.disableAgent()).isTrue();
    }

    @Test
    void gracePeriodIsConfigurableButNeverBelowAgentTtl() {
        env.put("FLEET_AGENT_TTL", "5s");
        assertThat(load().engineGracePeriod()).isEqualTo(Duration.ofSeconds(10));
        env.put("FLEET_ENGINE_GRACE_PERIOD", "30s");
        assertThat(load().engineGracePeriod()).isEqualTo(Duration.ofSeconds(30));
        env.put("FLEET_ENGINE_GRACE_PERIOD", "4s");
        assertThatThrownBy(this::load).hasMessageContaining("invalid engine_grace_period \"4s\"")
                .hasMessageContaining("at least 5.0s");
    }

    @Test
    void leaseTtlIsConfigurableAndRoundedUpToSeconds() {
        env.put("FLEET_ENGINE_LEASE_TTL", "2500ms");
        assertThat(load().engineLeaseTtl()).isEqualTo(Duration.ofSeconds(3));
        env.put("FLEET_ENGINE_LEASE_TTL", "1s");
        assertThatThrownBy(this::load).hasMessageContaining("invalid engine_lease_ttl \"1s\"").hasMessageContaining("at least 2.0s");
    }

    @Test
    void booleansAcceptTheUsualSpellings() {
        for (String yes : List.of("true", "TRUE", "1", "yes", "Yes")) {
            env.put("FLEET_DISABLE_ENGINE", yes);
            assertThat(load().disableEngine()).as(yes).isTrue();
        }
        for (String no : List.of("false", "False", "0", "no", "NO")) {
            env.put("FLEET_DISABLE_ENGINE", no);
            assertThat(load().disableEngine()).as(no).isFalse();
        }
    }

    @Test
    void deprecatedOptionsOnlyWarn() throws IOException {
        file("verify_units=true", "authorized_keys_file=/x");
        env.put("FLEET_ENABLE_GRPC", "true");
        ConfigLoader loader = loader();
        loader.load(Optional.empty());
        assertThat(loader.warnings()).anyMatch(w -> w.startsWith("option verify_units (" + defaultFile + ":1) is deprecated"))
                .anyMatch(w -> w.contains("authorized_keys_file"))
                .anyMatch(w -> w.contains("enable_grpc (environment variable FLEET_ENABLE_GRPC)"));
    }

    private void withApiTls() throws IOException {
        env.put("FLEET_API_TLS_CERTFILE", touch("c").toString());
        env.put("FLEET_API_TLS_KEYFILE", touch("k").toString());
        env.put("FLEET_API_TLS_CAFILE", touch("ca").toString());
    }

    @Test
    void aListenerIsLoopbackByWhatItsHostResolvesTo() throws IOException {
        env.put("FLEET_API_LISTENERS", "127.0.0.1.example.invalid:49201");
        assertThatThrownBy(this::load).as("reads like 127.x, resolves to nothing")
                .hasMessageContaining("needs TLS with client certificates");
        env.put("FLEET_API_LISTENERS", "localhost:4000,127.1.2.3:4001,[::1]:4002");
        env.put("FLEET_API_INSECURE_LOOPBACK", "true");
        assertThat(load().apiListeners()).hasSize(3);
    }

    @Test
    void aPlainHttpEtcdOffLoopbackIsWarnedAbout() throws IOException {
        env.put("FLEET_ETCD_SERVERS", "http://127.0.0.1:2379,http://192.0.2.7:2379,https://192.0.2.8:2379");
        ConfigLoader loader = loader();
        loader.load(Optional.empty());
        assertThat(loader.warnings()).filteredOn(w -> w.contains("plain http off loopback")).singleElement()
                .asString().contains("192.0.2.7");
    }

    @Test
    void aLoopbackListenerWithoutTlsNeedsTheOperatorsExplicitOptOut() throws IOException {
        env.put("FLEET_API_LISTENERS", "127.0.0.1:4000");
        assertThatThrownBy(this::load).hasMessageContaining("has no authentication")
                .hasMessageContaining("api_insecure_loopback=true");
        env.put("FLEET_API_INSECURE_LOOPBACK", "true");
        assertThat(load().apiInsecureLoopback()).isTrue();
        env.remove("FLEET_API_INSECURE_LOOPBACK");
        withApiTls();
        assertThat(load().apiListeners()).as("mutual TLS").hasSize(1);
    }

    @Test
    void nonLoopbackListenerNeedsTls() throws IOException {
        env.put("FLEET_API_LISTENERS", "0.0.0.0:4000");
        assertThatThrownBy(this::load).hasMessageContaining("invalid api_listeners \"0.0.0.0:4000\"")
                .hasMessageContaining("needs TLS with client certificates");
        withApiTls();
        assertThat(load().apiListeners()).containsExactly(new ApiListener("0.0.0.0", 4000));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "FLEET_ETCD_SERVERS|localhost:2379|is not an http:// or https:// URL",
            "FLEET_ETCD_SERVERS|ftp://a:1|is not an http:// or https:// URL",
            "FLEET_ETCD_SERVERS|[]|at least one etcd URL",
            "FLEET_ETCD_SERVERS|http://a b|is not a URL",
            "FLEET_ETCD_KEY_PREFIX|fleet/|must start with '/'",
            "FLEET_ETCD_REQUEST_TIMEOUT|0|must be more than 0",
            "FLEET_ETCD_REQUEST_TIMEOUT|-1.5|must be more than 0",
            "FLEET_ETCD_REQUEST_TIMEOUT|fast|expected seconds as a number",
            "FLEET_ETCD_REQUEST_TIMEOUT|NaN|must be more than 0",
            "FLEET_ETCD_CAFILE|/nonexistent/ca.pem|no such file",
            "FLEET_PUBLIC_IP|300.1.1.1|expected an IPv4 address",
            "FLEET_PUBLIC_IP|::1|expected an IPv4 address",
            "FLEET_PUBLIC_IP|host.example|expected an IPv4 address",
            "FLEET_METADATA|region|entry \"region\" is not key=value",
            "FLEET_METADATA|a=b,,c=d|entry \"\" is not key=value",
            "FLEET_METADATA|=x|has an empty key",
            "FLEET_AGENT_TTL|30|missing unit",
            "FLEET_AGENT_TTL|30 seconds|not a duration",
            "FLEET_AGENT_TTL|500ms|must be at least 1.0s",
            "FLEET_AGENT_TTL|-5s|must be at least 1.0s",
            "FLEET_ENGINE_RECONCILE_INTERVAL|0|must be more than 0",
            "FLEET_TOKEN_LIMIT|0|must be between 1 and 10000",
            "FLEET_TOKEN_LIMIT|10001|must be between 1 and 10000",
            "FLEET_TOKEN_LIMIT|many|expected a whole number",
            "FLEET_DISABLE_ENGINE|maybe|expected true/false, 1/0 or yes/no",
            "FLEET_DISABLE_WATCHES|on|expected true/false, 1/0 or yes/no",
            "FLEET_SYSTEMD_USER|2|expected true/false, 1/0 or yes/no",
            "FLEET_VERBOSITY|-1|must be between 0 and",
            "FLEET_SCHEDULING_STRATEGY|fastest|expected spread, binpack or random",
            "FLEET_UNITS_DIRECTORY|'  '|must not be empty",
            "FLEET_API_LISTENERS|4000|is not host:port",
            "FLEET_API_LISTENERS|::1:4000|write an IPv6 host in brackets",
            "FLEET_API_LISTENERS|127.0.0.1:http|has no numeric port",
            "FLEET_API_LISTENERS|127.0.0.1:70000|needs a host and a port 1-65535",
            "FLEET_LOG_LEVEL|loud|unknown log level \"loud\"",
            "FLEET_LOG_LEVELS|fleet.agent|expected PACKAGE=LEVEL",
            "FLEET_LOG_LEVELS|fleet.agent=chatty|unknown log level \"chatty\"",
            "FLEET_LOG_LEVELS|fleet agent=debug|expected PACKAGE=LEVEL",
    })
    void malformedEnvironmentValueNamesOptionSourceAndValue(String var, String value, String why) {
        env.put(var, value);
        String option = var.substring("FLEET_".length()).toLowerCase();
        assertThatThrownBy(this::load).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("invalid " + option + " \"" + value + "\" (environment variable " + var + "): ")
                .hasMessageContaining(why);
    }

    @Test
    void logLevelsComeFromTheFileAndTheEnvironmentOverIt() throws IOException {
        assertThat(load().logLevels()).isEqualTo(LogLevels.defaults());
        file("log_level=Warning", "log_levels=fleet.agent=debug, fleet.engine.Engine=TRACE,");
        assertThat(load().logLevels()).isEqualTo(new LogLevels("warn",
                Map.of("fleet.agent", "debug", "fleet.engine.Engine", "trace")));
        env.put("FLEET_LOG_LEVEL", "error");
        assertThat(load().logLevels().root()).isEqualTo("error");
    }

    @Test
    void withoutLogLevelFleetdLogLevelOfTheUnitFileStillCounts() {
        env.put("FLEETD_LOG_LEVEL", "DEBUG");
        assertThat(load().logLevels().root()).isEqualTo("debug");
        env.put("FLEET_LOG_LEVEL", "info");
        assertThat(load().logLevels().root()).isEqualTo("info");
    }

    @Test
    void malformedFileValueNamesFileAndLine() throws IOException {
        file("", "agent_ttl=soon");
        assertThatThrownBy(this::load).hasMessageStartingWith("invalid agent_ttl \"soon\" (" + defaultFile + ":2): ");
    }

    @Test
    void publicIpIsDetectedWhenEmpty() throws IOException {
        Path route = Files.write(dir.resolve("route"), List.of(
                "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT",
                "eth0\t00000000\t0102A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0"));
        InetAddress eth0 = InetAddress.getByName("192.168.2.7");
        PublicIpDetector fake = new PublicIpDetector(route, name -> name.equals("eth0") ? List.of(eth0) : List.of(), List::of);
        assertThat(new ConfigLoader(defaultFile, env, fake).load(Optional.empty()).publicIp()).isEqualTo("192.168.2.7");
    }
}
