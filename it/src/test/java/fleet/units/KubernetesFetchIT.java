package fleet.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import fleet.testing.FleetLab;
import fleet.testing.LabExtension;
import fleet.testing.LabMachine;

/**
 * kube-fetch@.service (cloud-config/kubernetes.yaml) in a lab machine's systemd, against a release
 * mirror served in the machine (the real release sites are out of reach here; cluster.env's
 * KUBE_RELEASE_URL and FLANNEL_CNI_RELEASE_URL point at it, as an operator's mirror would): the
 * right checksum installs, a wrong one installs nothing and is not retried, and the Kubernetes
 * units wait for their fetch instead of starting without a binary.
 */
@Tag("lab")
class KubernetesFetchIT {
    @RegisterExtension
    static LabExtension lab = LabExtension.machines(1);

    static final String RELEASE = "/srv/release/v1.30.2/bin/linux/amd64/";
    static final String CNI_RELEASE = "/srv/release/cni/v1.5.1-flannel2/cni-plugin-flannel-linux-amd64-v1.5.1-flannel2.tgz";
    static final String SCHEDULER = "#!/bin/sh\necho the kube-scheduler of the mirror\n";
    static final String FLANNEL_CNI = "#!/bin/sh\necho the flannel CNI plugin of the mirror\n";

    static LabMachine m;

    @BeforeAll
    static void mirrorAndClusterEnv() throws Exception {
        m = KubernetesHost.prepare(lab.machine(1));
        m.writeFile(RELEASE + "kube-scheduler", SCHEDULER);
        m.writeFile(RELEASE + "kube-proxy", "#!/bin/sh\necho a binary whose sum nobody published\n");
        m.writeFile(RELEASE + "kube-controller-manager", "#!/bin/sh\n");
        // the release archive holds the plugin as flannel-amd64
        m.writeFile("/tmp/cni-release/flannel-amd64", FLANNEL_CNI);
        Files.createDirectories(m.file(CNI_RELEASE).getParent());
        ok(m.exec("tar", "-czf", CNI_RELEASE, "-C", "/tmp/cni-release", "./flannel-amd64"));
        byte[] tgz = Files.readAllBytes(m.file(CNI_RELEASE));
        String mirror = "http://" + m.ip() + ":18080";
        m.writeFile("/etc/kubernetes/cluster.env", String.join("\n",
                "KUBE_RELEASE_URL=" + mirror,
                "FLANNEL_CNI_RELEASE_URL=" + mirror + "/cni",
                "KUBE_SCHEDULER_SHA256=" + sha256(SCHEDULER.getBytes(StandardCharsets.UTF_8)),
                "CNI_FLANNEL_SHA256=" + sha256(tgz),
                "KUBE_PROXY_SHA256=" + "0".repeat(64),
                "KUBE_CONTROLLER_MANAGER_SHA256=" + sha256("#!/bin/sh\n".getBytes(StandardCharsets.UTF_8)) + "  kube-controller-manager",
                ""));
        ok(m.exec("systemd-run", "--unit=release-mirror", "python3", "-m", "http.server", "--bind", m.ip(),
                "--directory", "/srv/release", "18080"));
        await().atMost(KubernetesHost.WAIT).until(() -> m.exec("curl", "-fsS", "-o", "/dev/null", mirror + "/cni/").exitCode() == 0);
    }

    @Test
    void theRightChecksumInstallsTheBinary() throws Exception {
        ok(m.exec("systemctl", "start", "kube-fetch@kube-scheduler.service"));
        assertThat(Files.readString(m.file("/opt/bin/kube-scheduler"))).isEqualTo(SCHEDULER);
        assertThat(m.exec("/opt/bin/kube-scheduler").output()).contains("the kube-scheduler of the mirror");
        // in place with its sum: a second start fetches nothing (the mirror may be gone)
        ok(m.exec("systemctl", "stop", "kube-fetch@kube-scheduler.service"));
        Files.delete(m.file(RELEASE + "kube-scheduler"));
        try {
            ok(m.exec("systemctl", "start", "kube-fetch@kube-scheduler.service"));
        } finally {
            m.writeFile(RELEASE + "kube-scheduler", SCHEDULER);
        }
    }

    @Test
    void theFlannelCniPluginComesOutOfItsReleaseArchiveIntoContainerdsPluginDirectory() throws Exception {
        ok(m.exec("systemctl", "start", "kube-fetch@cni-flannel.service"));
        assertThat(m.exec("/opt/cni/bin/flannel").output()).contains("the flannel CNI plugin of the mirror");
    }

    @Test
    void aWrongChecksumInstallsNothingAndIsNotRetried() throws Exception {
        FleetLab.Result r = m.exec("systemctl", "start", "kube-fetch@kube-proxy.service");
        assertThat(r.exitCode()).isNotZero();
        assertThat(m.file("/opt/bin/kube-proxy")).doesNotExist();
        assertThat(m.file("/opt/bin/kube-proxy.part")).doesNotExist();
        assertThat(show("kube-fetch@kube-proxy.service")).containsEntry("ActiveState", "failed").containsEntry("NRestarts", "0");
        assertThat(m.exec("journalctl", "-u", "kube-fetch@kube-proxy.service", "--no-pager").output())
                .contains("sha256 is not KUBE_PROXY_SHA256=" + "0".repeat(64) + "; nothing installed");
    }

    @Test
    void aChecksumLineWithAFileNameIsRefusedBeforeAnyDownload() throws Exception {
        FleetLab.Result r = m.exec("systemctl", "start", "kube-fetch@kube-controller-manager.service");
        assertThat(r.exitCode()).isNotZero();
        assertThat(m.exec("journalctl", "-u", "kube-fetch@kube-controller-manager.service", "--no-pager").output())
                .contains("KUBE_CONTROLLER_MANAGER_SHA256 is not a sha256");
        assertThat(m.file("/opt/bin/kube-controller-manager")).doesNotExist();
    }

    @Test
    void aKubernetesUnitWhoseFetchFailsNeverStartsAndIsNotRestarted() throws Exception {
        // kube-scheduler.service requires kube-apiserver.service, whose fetch has no checksum in cluster.env
        for (String unit : new String[] {"kube-scheduler.service", "kube-apiserver.service"}) {
            ShippedUnits.install(m, ShippedUnits.folder("kubernetes").resolve(unit), "/run/systemd/system/" + unit, false);
        }
        ok(m.exec("systemctl", "daemon-reload"));
        FleetLab.Result r = m.exec("systemctl", "start", "kube-scheduler.service");
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.output()).contains("dependency");
        assertThat(m.exec("journalctl", "-u", "kube-fetch@kube-apiserver.service", "--no-pager").output())
                .contains("KUBE_APISERVER_SHA256 is not set in /etc/kubernetes/cluster.env");
        // never ran, so nothing for Restart=on-failure to restart
        assertThat(show("kube-scheduler.service")).containsEntry("ActiveState", "inactive").containsEntry("SubState", "dead")
                .containsEntry("NRestarts", "0").containsEntry("ExecMainPID", "0");
        assertThat(show("kube-apiserver.service")).containsEntry("SubState", "dead").containsEntry("ExecMainPID", "0");
    }

    static Map<String, String> show(String unit) throws IOException {
        FleetLab.Result r = ok(m.exec("systemctl", "show", "-p", "ActiveState,SubState,NRestarts,ExecMainPID", unit));
        Map<String, String> props = new java.util.TreeMap<>();
        r.output().lines().filter(l -> l.contains("=")).forEach(l -> props.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
        return props;
    }

    static FleetLab.Result ok(FleetLab.Result r) {
        assertThat(r.exitCode()).as(r.output()).isZero();
        return r;
    }

    static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
