package fleet.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import fleet.testing.FleetLab;
import fleet.testing.LabExtension;
import fleet.testing.LabMachine;

/**
 * A Kubernetes node's runtime as cloud-config/kubernetes.yaml sets it up, in a lab machine: Debian's
 * containerd (bin/setup installs it) runs with the shipped config, its CRI plugin finds the shipped
 * flannel conflist, and Debian's CNI plugins, linked into /opt/cni/bin by cni-plugins-link.service,
 * give a pod network namespace an address, routes and a working link from what flannel's plugin
 * hands to bridge and host-local. flanneld and flannel's own plugin cannot be downloaded here, so the
 * test builds that hand-off itself from the shipped conflist and a subnet.env such as flanneld writes.
 */
@Tag("lab")
class KubernetesNodeIT {
    @RegisterExtension
    static LabExtension lab = LabExtension.machines(1);

    static LabMachine m;

    @BeforeAll
    static void nodeRuntime() throws Exception {
        m = KubernetesHost.prepare(lab.machine(1));
        ok("systemctl", "start", "cni-plugins-link.service");
        ok("systemctl", "start", "containerd.service");
    }

    static final ObjectMapper JSON = new ObjectMapper();
    /** Lab machines share the host's network namespace: a bridge of our own name, not flannel's cni0. */
    static final String BRIDGE = "fleetk8s0";
    static final String NETNS = "fleetk8s-pod";
    static final String POD_SUBNET = "10.244.77.0/24";
    static final String CONFLIST = "/etc/cni/net.d/10-flannel.conflist";

    @AfterAll
    static void removeTheBridgeFromTheSharedNetworkNamespace() throws Exception {
        if (m != null) {
            m.exec("ip", "netns", "del", NETNS);
            m.exec("ip", "link", "del", BRIDGE);
        }
    }

    @Test
    void containerdRunsTheShippedConfigWithSystemdCgroupsAndTheCriPlugin() throws Exception {
        assertThat(ok("systemctl", "is-active", "containerd.service").output().trim()).isEqualTo("active");
        assertThat(ok("ctr", "plugins", "ls").output()).containsPattern("io\\.containerd\\.grpc\\.v1\\s+cri\\s+\\S+\\s+ok");
        // the values containerd uses after merging its defaults with the file (1.6's defaults differ on both)
        String config = ok("containerd", "config", "dump").output();
        assertThat(config).containsPattern("runtimes\\.runc\\.options\\]\\s+[^\\[]*SystemdCgroup = true")
                .contains("sandbox_image = \"registry.k8s.io/pause:3.9\"", "bin_dir = \"/opt/cni/bin\"", "conf_dir = \"/etc/cni/net.d\"");
    }

    @Test
    void theCriPluginLoadsTheShippedConflistAndMissesItWhenItIsGone() throws Exception {
        String conflist = Files.readString(m.file(CONFLIST));
        Files.delete(m.file(CONFLIST));
        try {
            assertThat(restartedContainerdLog()).as("without the conflist").contains("no network config found in /etc/cni/net.d");
        } finally {
            m.writeFile(CONFLIST, conflist);
        }
        assertThat(restartedContainerdLog()).as("with the shipped conflist").contains("Start cni network conf syncer")
                .doesNotContain("cni config load failed");
    }

    /** containerd's log from a fresh start (this invocation only), once its CNI set-up was logged. */
    static String restartedContainerdLog() throws Exception {
        ok("systemctl", "restart", "containerd.service");
        String invocation = ok("systemctl", "show", "-p", "InvocationID", "--value", "containerd.service").output().trim();
        String[] log = new String[1];
        await().atMost(KubernetesHost.WAIT).until(() -> {
            log[0] = ok("journalctl", "--no-pager", "_SYSTEMD_INVOCATION_ID=" + invocation).output();
            return log[0].contains("containerd successfully booted");
        });
        return log[0];
    }

    @Test
    void bridgeAndHostLocalGiveAPodNamespaceAWorkingNetworkFromTheShippedConflist() throws Exception {
        ObjectNode delegate = asFlannelWouldDelegate(JSON.readTree(Files.readString(m.file(CONFLIST))));
        m.writeFile("/run/fleetk8s/delegate.json", JSON.writeValueAsString(delegate));
        ok("ip", "netns", "add", NETNS);
        JsonNode result = JSON.readTree(ok("sh", "-c", cni("ADD")).output());

        String address = result.at("/ips/0/address").asText();
        assertThat(address).startsWith("10.244.77.").endsWith("/24");
        String podIp = address.substring(0, address.indexOf('/'));
        String inPod = ok("ip", "netns", "exec", NETNS, "ip", "-4", "addr", "show", "eth0").output();
        assertThat(inPod).contains("inet " + address, "mtu 1450");
        // isDefaultGateway from the shipped conflist, the cluster route from subnet.env's FLANNEL_NETWORK
        assertThat(ok("ip", "netns", "exec", NETNS, "ip", "route").output())
                .contains("default via 10.244.77.1 dev eth0", "10.244.0.0/16 via 10.244.77.1 dev eth0");
        assertThat(ok("ip", "-4", "addr", "show", BRIDGE).output()).contains("inet 10.244.77.1/24");
        String hostEnd = result.at("/interfaces/1/name").asText();
        assertThat(Files.readString(m.file("/sys/class/net/" + hostEnd + "/brport/hairpin_mode")).trim())
                .as("hairpinMode from the shipped conflist").isEqualTo("1");

        ok("systemd-run", "--unit=pod-web", "ip", "netns", "exec", NETNS, "python3", "-m", "http.server", "--bind", podIp, "8080");
        try {
            await().atMost(KubernetesHost.WAIT).until(() -> m.exec("curl", "-fsS", "-o", "/dev/null", "http://" + podIp + ":8080/").exitCode() == 0);
        } finally {
            m.exec("systemctl", "stop", "pod-web.service");
        }

        ok("sh", "-c", cni("DEL"));
        assertThat(m.file("/var/lib/cni/networks/cbr0/" + podIp)).as("host-local released the address").doesNotExist();
    }

    /** The bridge plugin called as a runtime calls it, for the pod namespace, with the delegate config. */
    static String cni(String command) {
        return "CNI_COMMAND=" + command + " CNI_CONTAINERID=fleetk8s-test CNI_NETNS=/run/netns/" + NETNS
                + " CNI_IFNAME=eth0 CNI_PATH=/opt/cni/bin /opt/cni/bin/bridge < /run/fleetk8s/delegate.json";
    }

    /**
     * What flannel's CNI plugin passes on for this conflist on a node whose flanneld wrote
     * FLANNEL_NETWORK=10.244.0.0/16, FLANNEL_SUBNET=10.244.77.1/24, FLANNEL_MTU=1450, FLANNEL_IPMASQ=true:
     * the conflist's delegate section, plus the network's name, type bridge, the gateway, the MTU, no
     * masquerading of its own (flanneld's --ip-masq does it) and host-local addresses of the node's subnet.
     */
    static ObjectNode asFlannelWouldDelegate(JsonNode conflist) {
        JsonNode flannel = conflist.get("plugins").get(0);
        assertThat(flannel.get("type").asText()).isEqualTo("flannel");
        ObjectNode d = ((ObjectNode) flannel.get("delegate")).deepCopy();
        d.put("cniVersion", conflist.get("cniVersion").asText());
        d.put("name", conflist.get("name").asText());
        d.put("type", "bridge");
        d.put("bridge", BRIDGE);
        d.put("isGateway", true);
        d.put("ipMasq", false);
        d.put("mtu", 1450);
        ObjectNode ipam = d.putObject("ipam");
        ipam.put("type", "host-local");
        ArrayNode ranges = ipam.putArray("ranges");
        ranges.addArray().addObject().put("subnet", POD_SUBNET);
        ipam.putArray("routes").addObject().put("dst", "10.244.0.0/16");
        return d;
    }

    static FleetLab.Result ok(String... command) throws IOException {
        return KubernetesHost.ok(m, command);
    }
}
