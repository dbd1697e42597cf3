package fleet.units;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;

import fleet.cloudconfig.CloudConfig;
import fleet.cloudconfig.CloudConfigParser;
import fleet.cloudconfig.Placeholders;
import fleet.cloudconfig.UnitSpec;
import fleet.cloudconfig.WriteFile;

/**
 * cloud-config/kubernetes.yaml and units/kubernetes agree with each other and with what the
 * Kubernetes components expect: the settings that must match across files are read from each file.
 */
class KubernetesConfigTest {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final ObjectMapper JSON = new ObjectMapper();
    static CloudConfig hostSetup;

    @BeforeAll
    static void parse() throws IOException {
        hostSetup = new CloudConfigParser(new Placeholders(Map.of("private_ipv4", "172.17.8.102")))
                .parse(Files.readString(ShippedUnits.cloudConfig("kubernetes.yaml")));
    }

    static String file(String path) {
        return hostSetup.writeFiles().stream().filter(f -> f.path().equals(path)).map(WriteFile::content).findFirst()
                .orElseThrow(() -> new AssertionError("kubernetes.yaml writes no " + path));
    }

    static UnitSpec unit(String name) {
        return hostSetup.units().stream().filter(u -> u.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("kubernetes.yaml has no unit " + name));
    }

    static String shipped(String name) throws IOException {
        return Files.readString(ShippedUnits.folder("kubernetes").resolve(name));
    }

    /** The documents of a multi-document YAML file. */
    static List<JsonNode> documents(String text) throws IOException {
        try (YAMLParser p = new YAMLFactory().createParser(text)) {
            return YAML.readValues(p, JsonNode.class).readAll();
        }
    }

    static Map<String, String> envFile(String text) {
        Map<String, String> env = new java.util.TreeMap<>();
        text.lines().filter(l -> l.matches("[A-Z_][A-Z0-9_]*=.*")).forEach(l -> env.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
        return env;
    }

    @Test
    void theKubeletsCgroupDriverIsContainerds() throws IOException {
        JsonNode kubelet = YAML.readTree(file("/etc/kubernetes/kubelet-config.yaml"));
        assertThat(kubelet.get("kind").asText()).isEqualTo("KubeletConfiguration");
        assertThat(kubelet.get("cgroupDriver").asText()).isEqualTo("systemd");
        String containerd = file("/etc/containerd/config.toml");
        assertThat(containerd).containsPattern("(?m)^\\s*SystemdCgroup = true$");
        // the socket containerd listens on by default is the one the kubelet dials
        assertThat(kubelet.get("containerRuntimeEndpoint").asText()).isEqualTo("unix:///run/containerd/containerd.sock");
        assertThat(shipped("kubelet.service")).doesNotContain("--container-runtime-endpoint");
    }

    @Test
    void theKubeletTrustsOnlyTheClusterCaAndAsksTheApiServerToAuthorize() throws IOException {
        JsonNode kubelet = YAML.readTree(file("/etc/kubernetes/kubelet-config.yaml"));
        assertThat(kubelet.at("/authentication/anonymous/enabled").asBoolean(true)).isFalse();
        assertThat(kubelet.at("/authentication/webhook/enabled").asBoolean()).isTrue();
        assertThat(kubelet.at("/authorization/mode").asText()).isEqualTo("Webhook");
        assertThat(kubelet.at("/authentication/x509/clientCAFile").asText())
                .as("the CA the API server's kubelet-client certificate comes from").isEqualTo("/etc/kubernetes/pki/ca.crt");
    }

    @Test
    void clusterDnsIsCoreDnsServiceInTheServiceRange() throws IOException {
        JsonNode kubelet = YAML.readTree(file("/etc/kubernetes/kubelet-config.yaml"));
        JsonNode dnsService = documents(shipped("manifests/coredns.yaml")).stream()
                .filter(d -> d.get("kind").asText().equals("Service")).findFirst().orElseThrow();
        assertThat(kubelet.get("clusterDNS")).hasSize(1);
        String clusterDns = kubelet.get("clusterDNS").get(0).asText();
        assertThat(dnsService.at("/spec/clusterIP").asText()).isEqualTo(clusterDns);
        Map<String, String> env = envFile(shipped("cluster.env.example"));
        assertThat(inRange(clusterDns, env.get("SERVICE_CLUSTER_IP_RANGE"))).as(clusterDns + " in " + env.get("SERVICE_CLUSTER_IP_RANGE")).isTrue();
        assertThat(kubelet.get("clusterDomain").asText()).isEqualTo(env.get("CLUSTER_DOMAIN"));
        String corefile = documents(shipped("manifests/coredns.yaml")).stream()
                .filter(d -> d.get("kind").asText().equals("ConfigMap")).findFirst().orElseThrow().at("/data/Corefile").asText();
        assertThat(corefile).contains("kubernetes " + env.get("CLUSTER_DOMAIN") + " ");
    }

    static boolean inRange(String ip, String cidr) {
        int bits = Integer.parseInt(cidr.substring(cidr.indexOf('/') + 1));
        long mask = bits == 0 ? 0 : (0xffffffffL << (32 - bits)) & 0xffffffffL;
        return (toLong(ip) & mask) == (toLong(cidr.substring(0, cidr.indexOf('/'))) & mask);
    }

    static long toLong(String ip) {
        long v = 0;
        for (String part : ip.split("\\.")) {
            v = v << 8 | Integer.parseInt(part);
        }
        return v;
    }

    @Test
    void theFlannelConflistDelegatesToABridgeAndContainerdFindsItAndThePlugins() throws IOException {
        JsonNode conflist = JSON.readTree(file("/etc/cni/net.d/10-flannel.conflist"));
        assertThat(conflist.get("plugins").get(0).get("type").asText()).isEqualTo("flannel");
        assertThat(conflist.at("/plugins/0/delegate/isDefaultGateway").asBoolean()).isTrue();
        assertThat(conflist.get("plugins")).extracting(p -> p.get("type").asText()).containsExactly("flannel", "portmap");
        String containerd = file("/etc/containerd/config.toml");
        assertThat(containerd).contains("conf_dir = \"/etc/cni/net.d\"", "bin_dir = \"/opt/cni/bin\"");
        // flannel's plugin is fetched to where containerd looks; Debian's plugins are linked there
        assertThat(unit("kube-fetch@.service").content().orElseThrow()).contains("dest=/opt/cni/bin/flannel");
        assertThat(unit("cni-plugins-link.service").content().orElseThrow()).contains("/usr/lib/cni/*", "/opt/cni/bin/");
    }

    @Test
    void nodesLoadBrNetfilterAndForwardBridgedTrafficThroughIptables() {
        assertThat(file("/etc/modules-load.d/kubernetes.conf").lines()).contains("br_netfilter");
        Map<String, String> sysctl = new java.util.TreeMap<>();
        file("/etc/sysctl.d/90-kubernetes.conf").lines().filter(l -> l.contains("="))
                .forEach(l -> sysctl.put(l.substring(0, l.indexOf('=')).strip(), l.substring(l.indexOf('=') + 1).strip()));
        assertThat(sysctl).containsEntry("net.bridge.bridge-nf-call-iptables", "1").containsEntry("net.ipv4.ip_forward", "1");
        // applied now, not at the next boot: modules before sysctls (the bridge keys exist only with br_netfilter)
        assertThat(hostSetup.units()).extracting(UnitSpec::name).containsSubsequence("systemd-modules-load.service", "systemd-sysctl.service");
        assertThat(unit("systemd-modules-load.service").command()).contains("restart");
        assertThat(unit("systemd-sysctl.service").command()).contains("restart");
    }

    @Test
    void theClusterTalksOverThePrivateAddressFromCloudConfig() throws IOException {
        assertThat(envFile(file("/etc/kubernetes/node.env"))).containsEntry("NODE_IP", "172.17.8.102");
        Map<String, String> flags = Map.of("flanneld.service", "--iface=${NODE_IP}",
                "kube-apiserver.service", "--advertise-address=${NODE_IP}", "kubelet.service", "--node-ip=${NODE_IP}");
        for (var e : flags.entrySet()) {
            assertThat(shipped(e.getKey())).as(e.getKey()).contains("EnvironmentFile=/etc/kubernetes/node.env\n", e.getValue());
        }
    }

    @Test
    void everyUnitWaitsForItsOwnFetchWhichHasNoStartTimeoutAndNoRestartLoop() throws IOException {
        Map<String, String> binaries = Map.of("flanneld.service", "flanneld", "kube-apiserver.service", "kube-apiserver",
                "kube-controller-manager.service", "kube-controller-manager", "kube-scheduler.service", "kube-scheduler",
                "kubelet.service", "kubelet", "kube-proxy.service", "kube-proxy");
        for (var e : binaries.entrySet()) {
            String unit = shipped(e.getKey());
            String fetch = "kube-fetch@" + e.getValue() + ".service";
            assertThat(directive(unit, "Requires")).as(e.getKey()).hasValueSatisfying(v -> assertThat(v.split(" ")).contains(fetch));
            assertThat(directive(unit, "After")).as(e.getKey()).hasValueSatisfying(v -> assertThat(v.split(" ")).contains(fetch));
            assertThat(unit).as(e.getKey() + ": downloads left the start timeout").doesNotContain("ExecStartPre", "curl");
            assertThat(directive(unit, "ExecStart")).hasValueSatisfying(v -> assertThat(v).startsWith("/opt/bin/" + e.getValue() + " "));
        }
        String fetch = unit("kube-fetch@.service").content().orElseThrow();
        assertThat(directive(fetch, "Type")).contains("oneshot");
        assertThat(directive(fetch, "TimeoutStartSec")).contains("0");
        assertThat(directive(fetch, "Restart")).isEmpty();
    }

    @Test
    void theApiServerHasTheFlagsARealClusterNeeds() throws IOException {
        String apiserver = shipped("kube-apiserver.service");
        assertThat(apiserver).contains("--enable-admission-plugins=NodeRestriction", "--authorization-mode=Node,RBAC",
                "--kubelet-certificate-authority=/etc/kubernetes/pki/ca.crt",
                "--requestheader-client-ca-file=/etc/kubernetes/pki/front-proxy-ca.crt", "--requestheader-allowed-names=front-proxy-client",
                "--proxy-client-cert-file=", "--proxy-client-key-file=", "--enable-aggregator-routing=true",
                "--etcd-servers=${ETCD_ENDPOINTS}", "--etcd-certfile=", "--etcd-keyfile=", "--etcd-cafile=");
        assertThat(shipped("flanneld.service")).contains("--etcd-certfile=", "--etcd-keyfile=", "--etcd-cafile=");
        assertThat(envFile(shipped("cluster.env.example")).get("ETCD_ENDPOINTS")).startsWith("https://");
        for (String u : List.of("kube-controller-manager.service", "kube-scheduler.service")) {
            String kubeconfig = flag(shipped(u), "--kubeconfig");
            assertThat(flag(shipped(u), "--authentication-kubeconfig")).as(u).isEqualTo(kubeconfig);
            assertThat(flag(shipped(u), "--authorization-kubeconfig")).as(u).isEqualTo(kubeconfig);
        }
    }

    @Test
    void theExampleEnvironmentMatchesTheVagrantMaster() throws IOException {
        String vagrantfile = Files.readString(ShippedUnits.cloudConfig("kubernetes.yaml").getParent().getParent().resolve("vagrant/Vagrantfile"));
        Matcher subnet = Pattern.compile("SUBNET = \"([0-9.]+)\"").matcher(vagrantfile);
        assertThat(subnet.find()).isTrue();
        assertThat(vagrantfile).contains("MASTER_IP = \"#{SUBNET}.101\"");
        Map<String, String> env = envFile(shipped("cluster.env.example"));
        assertThat(env).containsEntry("ETCD_ENDPOINTS", "https://" + subnet.group(1) + ".101:2379")
                .containsEntry("MASTER_IP", subnet.group(1) + ".101");
    }

    /** The value of a directive in a unit file, its continuation lines joined. */
    static Optional<String> directive(String unit, String key) {
        Matcher m = Pattern.compile("(?m)^" + key + "=((?:.*\\\\\\n)*.*)$").matcher(unit);
        return m.find() ? Optional.of(m.group(1).replaceAll("\\\\\\n\\s*", " ")) : Optional.empty();
    }

    static String flag(String unit, String name) {
        Matcher m = Pattern.compile(Pattern.quote(name) + "=(\\S+)").matcher(unit);
        assertThat(m.find()).as(name).isTrue();
        return m.group(1);
    }

}
