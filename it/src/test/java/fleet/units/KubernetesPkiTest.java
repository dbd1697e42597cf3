package fleet.units;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import fleet.cloudconfig.Applier;
import fleet.cloudconfig.CloudConfigParser;
import fleet.cloudconfig.Placeholders;

/**
 * units/kubernetes/pki/make-pki run here with Debian's openssl, for the Vagrant cluster's three
 * hosts: every certificate checked by {@code openssl verify} against its own CA (and refused by the
 * others), its subject and names read back, every kubeconfig parsed, and each host's cloud-config
 * applied by fleet's own applier.
 */
class KubernetesPkiTest {
    static final String MASTER = "fleet-master", MASTER_IP = "172.17.8.101";
    static final Map<String, String> NODES = Map.of("fleet-node1", "172.17.8.102", "fleet-node2", "172.17.8.103");
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @TempDir
    static Path out;
    static Path pki;

    @BeforeAll
    static void makePki() throws Exception {
        Command r = makePki(List.of());
        assertThat(r.exitCode()).as(r.output()).isZero();
        pki = out.resolve("pki");
    }

    static Command makePki(List<String> extra) throws IOException, InterruptedException {
        Path env = out.resolve("operator.env");
        Files.writeString(env, "KUBELET_SHA256=" + "ab".repeat(32) + "\nETCD_ENDPOINTS=http://ignored:2379\n# a comment\n");
        List<String> cmd = new ArrayList<>(List.of(makePkiScript().toString(), "--out", out.toString(),
                "--master", MASTER + "=" + MASTER_IP, "--env", env.toString()));
        NODES.forEach((h, ip) -> cmd.addAll(List.of("--node", h + "=" + ip)));
        cmd.addAll(extra);
        return Command.run(out.getParent(), cmd);
    }

    static Path makePkiScript() {
        return ShippedUnits.folder("kubernetes").resolve("pki/make-pki");
    }

    static String openssl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        return Command.ok(pki, cmd.toArray(String[]::new));
    }

    static String text(String cert) throws Exception {
        return openssl("x509", "-in", cert + ".crt", "-noout", "-text", "-nameopt", "RFC2253");
    }

    static boolean verifies(String caFile, String cert) throws Exception {
        return Command.run(pki, "openssl", "verify", "-CAfile", caFile, cert + ".crt").exitCode() == 0;
    }

    @Test
    void everyCertificateVerifiesAgainstItsOwnCaOnly() throws Exception {
        List<String> kubernetes = new ArrayList<>(List.of("apiserver", "apiserver-kubelet-client", "controller-manager",
                "scheduler", "kube-proxy", "admin"));
        NODES.keySet().forEach(h -> kubernetes.add("kubelet-" + h));
        for (String c : kubernetes) {
            assertThat(verifies("ca.crt", c)).as(c + " by the kubernetes CA").isTrue();
            assertThat(verifies("etcd/ca.crt", c)).as(c + " must not open etcd").isFalse();
        }
        assertThat(verifies("front-proxy-ca.crt", "front-proxy-client")).isTrue();
        assertThat(verifies("ca.crt", "front-proxy-client")).as("aggregation identity from its own CA").isFalse();
        for (String c : List.of("etcd/server", "etcd/apiserver-client", "etcd/flanneld-client", "etcd/fleet-client")) {
            assertThat(verifies("etcd/ca.crt", c)).as(c).isTrue();
            assertThat(verifies("ca.crt", c)).as(c + " not a Kubernetes identity").isFalse();
        }
    }

    @Test
    void theApiServerCertificateNamesEveryWayItIsReached() throws Exception {
        String t = text("apiserver");
        assertThat(t).contains("Subject: CN=kube-apiserver", "TLS Web Server Authentication");
        // 10.32.0.1: the first address of the default service range, the kubernetes Service's ClusterIP
        assertThat(t).contains("DNS:kubernetes", "DNS:kubernetes.default", "DNS:kubernetes.default.svc",
                "DNS:kubernetes.default.svc.cluster.local", "DNS:" + MASTER, "IP Address:10.32.0.1",
                "IP Address:" + MASTER_IP, "IP Address:127.0.0.1");
    }

    @Test
    void identitiesAreTheUsersAndGroupsKubernetesAuthorizes() throws Exception {
        assertThat(text("admin")).contains("Subject: CN=admin,O=system:masters", "TLS Web Client Authentication");
        assertThat(text("controller-manager")).contains("Subject: CN=system:kube-controller-manager");
        assertThat(text("scheduler")).contains("Subject: CN=system:kube-scheduler");
        assertThat(text("kube-proxy")).contains("Subject: CN=system:kube-proxy");
        assertThat(text("front-proxy-client")).contains("Subject: CN=front-proxy-client");
        for (var n : NODES.entrySet()) {
            // NodeRestriction and the Node authorizer key on exactly this name and group
            assertThat(text("kubelet-" + n.getKey())).contains("Subject: CN=system:node:" + n.getKey() + ",O=system:nodes",
                    "TLS Web Client Authentication", "TLS Web Server Authentication",
                    "DNS:" + n.getKey(), "IP Address:" + n.getValue());
        }
        assertThat(text("etcd/server")).contains("IP Address:" + MASTER_IP, "IP Address:127.0.0.1");
    }

    @Test
    void theKubeletClientIdentityIsTheOneTheRbacBindingNames() throws Exception {
        JsonNode binding = YAML.readTree(ShippedUnits.folder("kubernetes").resolve("manifests/apiserver-to-kubelet.yaml").toFile());
        assertThat(binding.at("/roleRef/name").asText()).isEqualTo("system:kubelet-api-admin");
        assertThat(text("apiserver-kubelet-client")).contains("Subject: CN=" + binding.at("/subjects/0/name").asText() + "\n");
    }

    @Test
    void everyKubeconfigPointsAtTheApiServerWithTheClusterCa() throws Exception {
        String ca = Files.readString(pki.resolve("ca.crt"));
        Map<String, String> servers = new java.util.TreeMap<>(Map.of(
                "admin", "https://" + MASTER_IP + ":6443", "kube-proxy", "https://" + MASTER_IP + ":6443",
                "controller-manager", "https://127.0.0.1:6443", "scheduler", "https://127.0.0.1:6443"));
        NODES.keySet().forEach(h -> servers.put("kubelet-" + h, "https://" + MASTER_IP + ":6443"));
        try (var files = Files.list(out.resolve("kubeconfig"))) {
            assertThat(files.map(f -> f.getFileName().toString().replace(".kubeconfig", "")).sorted())
                    .containsExactlyElementsOf(servers.keySet());
        }
        for (var e : servers.entrySet()) {
            JsonNode k = YAML.readTree(out.resolve("kubeconfig/" + e.getKey() + ".kubeconfig").toFile());
            String context = k.get("current-context").asText();
            JsonNode ctx = find(k.get("contexts"), context).get("context");
            JsonNode cluster = find(k.get("clusters"), ctx.get("cluster").asText()).get("cluster");
            JsonNode user = find(k.get("users"), ctx.get("user").asText()).get("user");
            assertThat(cluster.get("server").asText()).as(e.getKey()).isEqualTo(e.getValue());
            assertThat(decode(cluster.get("certificate-authority-data"))).as(e.getKey()).isEqualTo(ca);
            assertThat(decode(user.get("client-certificate-data"))).as(e.getKey())
                    .isEqualTo(Files.readString(pki.resolve(e.getKey() + ".crt")));
            assertThat(decode(user.get("client-key-data"))).as(e.getKey())
                    .isEqualTo(Files.readString(pki.resolve(e.getKey() + ".key")));
        }
    }

    @Test
    void eachHostsCloudConfigCarriesItsOwnFilesOnly(@TempDir Path roots) throws Exception {
        Path master = apply(roots, MASTER);
        assertThat(master.resolve("etc/kubernetes/pki/ca.key")).hasSameTextualContentAs(pki.resolve("ca.key"));
        assertThat(master.resolve("etc/kubernetes/pki/sa.key")).hasSameTextualContentAs(pki.resolve("sa.key"));
        assertThat(master.resolve("etc/ssl/etcd/etcd-server.crt")).hasSameTextualContentAs(pki.resolve("etcd/server.crt"));
        assertThat(master.resolve("etc/kubernetes/scheduler.kubeconfig")).hasSameTextualContentAs(out.resolve("kubeconfig/scheduler.kubeconfig"));
        assertThat(mode(master.resolve("etc/kubernetes/pki/ca.key"))).isEqualTo("rw-------");
        assertThat(mode(master.resolve("etc/kubernetes/pki/ca.crt"))).isEqualTo("rw-r--r--");
        assertThat(Files.readString(master.resolve("etc/systemd/system/etcd-member.service.d/30-tls.conf")))
                .contains("ETCD_CLIENT_CERT_AUTH=true", "ETCD_LISTEN_CLIENT_URLS=https://0.0.0.0:2379");
        assertThat(master.resolve("etc/kubernetes/pki/kubelet.key")).doesNotExist();

        for (var n : NODES.entrySet()) {
            Path node = apply(roots, n.getKey());
            assertThat(node.resolve("etc/kubernetes/pki/kubelet.crt")).hasSameTextualContentAs(pki.resolve("kubelet-" + n.getKey() + ".crt"));
            assertThat(mode(node.resolve("etc/kubernetes/pki/kubelet.key"))).isEqualTo("rw-------");
            assertThat(node.resolve("etc/kubernetes/kubelet.kubeconfig"))
                    .hasSameTextualContentAs(out.resolve("kubeconfig/kubelet-" + n.getKey() + ".kubeconfig"));
            for (String secret : List.of("ca.key", "sa.key", "apiserver.key")) {
                assertThat(node.resolve("etc/kubernetes/pki/" + secret)).as("a node never holds " + secret).doesNotExist();
            }
            String env = Files.readString(node.resolve("etc/kubernetes/cluster.env"));
            assertThat(env).contains("ETCD_ENDPOINTS=https://" + MASTER_IP + ":2379\n", "KUBELET_SHA256=" + "ab".repeat(32) + "\n")
                    .as("the generated value wins over --env's").doesNotContain("ignored");
            assertThat(Files.readString(node.resolve("etc/systemd/system/fleet.service.d/30-etcd-tls.conf")))
                    .contains("FLEET_ETCD_SERVERS=https://" + MASTER_IP + ":2379", "FLEET_ETCD_CERTFILE=/etc/kubernetes/pki/etcd/fleet-client.crt");
        }
    }

    @Test
    void everyFileAUnitOrTheKubeletConfigNamesIsWrittenOnTheHostsItRunsOn(@TempDir Path roots) throws Exception {
        Map<String, String> ips = new java.util.TreeMap<>(NODES);
        ips.put(MASTER, MASTER_IP);
        Map<String, Path> hosts = new java.util.TreeMap<>();
        for (var h : ips.entrySet()) {
            Path root = apply(roots, h.getKey());
            String hostSetup = Files.readString(ShippedUnits.cloudConfig("kubernetes.yaml"));
            new Applier(root, Set.of()).apply(new CloudConfigParser(new Placeholders(Map.of("private_ipv4", h.getValue()))).parse(hostSetup));
            hosts.put(h.getKey(), root);
        }
        Pattern etcPath = Pattern.compile("/etc/[A-Za-z0-9._/-]*[A-Za-z0-9]");
        int checked = 0;
        for (Path unit : ShippedUnits.services("kubernetes")) {
            String text = Files.readString(unit);
            List<String> on = text.contains("MachineMetadata=role=master") ? List.of(MASTER)
                    : text.contains("MachineMetadata=role=node") ? List.copyOf(NODES.keySet()) : List.copyOf(hosts.keySet());
            String named = text + (unit.endsWith("kubelet.service")
                    ? Files.readString(hosts.get(on.get(0)).resolve("etc/kubernetes/kubelet-config.yaml")) : "");
            Matcher m = etcPath.matcher(named.replaceAll("(?m)^\\s*#.*$", ""));
            while (m.find()) {
                for (String h : on) {
                    assertThat(hosts.get(h).resolve(m.group().substring(1))).as(unit.getFileName() + " on " + h).exists();
                    checked++;
                }
            }
        }
        assertThat(checked).as("paths checked").isGreaterThan(40);
    }

    /** Applies HOST's cloud-config as a VM would (bin/cloud-config-apply), under a fresh root. */
    static Path apply(Path roots, String host) throws IOException {
        Path root = Files.createDirectories(roots.resolve(host));
        String text = Files.readString(out.resolve("hosts/" + host + ".yaml"));
        var config = new CloudConfigParser(new Placeholders(Map.of())).parse(text);
        var result = new Applier(root, Set.of()).apply(config);
        assertThat(result.commands()).as("files only: the fleet cloud-config applied after it reloads systemd").isEmpty();
        return root;
    }

    @Test
    void aSecondRunKeepsEveryKeyAndCertificateThenRenewsWhatExpiresWithinTheWindow() throws Exception {
        List<String> files = List.of("ca.crt", "ca.key", "sa.key", "apiserver.key", "apiserver.crt", "etcd/ca.crt", "kubelet-fleet-node1.crt");
        Map<String, String> before = contents(files);
        Command again = makePki(List.of());
        assertThat(again.exitCode()).as(again.output()).isZero();
        assertThat(again.output()).doesNotContain("issued");
        assertThat(contents(files)).isEqualTo(before);

        // every leaf certificate lives 365 days, so all of them expire within 400: renewed, keys and CAs kept
        Command renew = makePki(List.of("--renew-days", "400"));
        assertThat(renew.exitCode()).as(renew.output()).isZero();
        Map<String, String> after = contents(files);
        for (String kept : List.of("ca.crt", "ca.key", "sa.key", "apiserver.key", "etcd/ca.crt")) {
            assertThat(after.get(kept)).as(kept).isEqualTo(before.get(kept));
        }
        assertThat(after.get("apiserver.crt")).isNotEqualTo(before.get("apiserver.crt"));
        assertThat(after.get("kubelet-fleet-node1.crt")).isNotEqualTo(before.get("kubelet-fleet-node1.crt"));
        assertThat(verifies("ca.crt", "apiserver")).isTrue();
    }

    @Test
    void badInputIsRefusedBeforeAnythingIsWritten(@TempDir Path empty) throws Exception {
        String script = makePkiScript().toString();
        Command noNode = Command.run(empty, script, "--out", empty.resolve("o").toString(), "--master", "m=10.0.0.1");
        assertThat(noNode.exitCode()).isEqualTo(2);
        assertThat(noNode.output()).contains("--node");
        Command badIp = Command.run(empty, script, "--out", empty.resolve("o").toString(), "--master", "m=10.0.0",
                "--node", "n=10.0.0.2");
        assertThat(badIp.exitCode()).isEqualTo(2);
        assertThat(badIp.output()).contains("m=10.0.0");
        assertThat(empty.resolve("o")).doesNotExist();
    }

    static Map<String, String> contents(List<String> files) throws IOException {
        Map<String, String> m = new java.util.HashMap<>();
        for (String f : files) {
            m.put(f, Files.readString(pki.resolve(f)));
        }
        return m;
    }

    static JsonNode find(JsonNode list, String name) {
        for (JsonNode n : list) {
            if (n.get("name").asText().equals(name)) {
                return n;
            }
        }
        throw new AssertionError("no entry named " + name + " in " + list);
    }

    static String decode(JsonNode base64) {
        return new String(Base64.getDecoder().decode(base64.asText()), java.nio.charset.StandardCharsets.UTF_8);
    }

    static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
