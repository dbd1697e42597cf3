package fleet.units;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import fleet.testing.FleetLab;
import fleet.testing.LabExtension;
import fleet.testing.LabMachine;

/**
 * The shipped units pass {@code systemd-analyze verify} in a real lab machine's systemd, beside the
 * units cloud-config/kubernetes.yaml installs (kube-fetch@.service, which every Kubernetes unit
 * requires, so verify loads and checks it too). The Kubernetes and flannel binaries cannot be
 * downloaded in this build environment, so do-nothing stand-ins sit at /opt/bin for this syntax
 * check only (verify insists every ExecStart exists).
 */
@Tag("lab")
class KubernetesUnitsIT {
    @RegisterExtension
    static LabExtension lab = LabExtension.machines(1);

    static final List<String> BINARIES = List.of("flanneld", "kube-apiserver", "kube-controller-manager",
            "kube-scheduler", "kubelet", "kube-proxy");

    static LabMachine m;

    @BeforeAll
    static void copyUnitsAndStandIns() throws Exception {
        m = lab.machine(1);
        ShippedUnits.applyCloudConfig(m, "kubernetes.yaml");
        for (String folder : List.of("kubernetes", "examples")) {
            for (Path unit : ShippedUnits.services(folder)) {
                ShippedUnits.install(m, unit, "/run/verify/" + folder + "/" + unit.getFileName(), false);
            }
        }
        for (String b : BINARIES) {
            ShippedUnits.standIn(m, "/opt/bin/" + b);
        }
    }

    /** systemd-analyze verify of every unit of a folder at once (so their dependencies resolve). */
    static FleetLab.Result verify(String folder) throws Exception {
        return m.exec("sh", "-c", "cd /run/verify/" + folder + " && systemd-analyze verify *.service");
    }

    @Test
    void kubernetesUnitsAreValidForSystemd() throws Exception {
        assertThat(ShippedUnits.services("kubernetes")).extracting(p -> p.getFileName().toString())
                .containsExactlyInAnyOrder("flanneld.service", "kube-apiserver.service", "kube-controller-manager.service",
                        "kube-scheduler.service", "kubelet.service", "kube-proxy.service");
        FleetLab.Result r = verify("kubernetes");
        // verify exits 0 on unknown keys and bad values, only warning: no output at all is the bar
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).isBlank();
    }

    @Test
    void theUnitsOfKubernetesYamlAreValidForSystemd() throws Exception {
        FleetLab.Result r = m.exec("systemd-analyze", "verify", "/etc/systemd/system/cni-plugins-link.service",
                "kube-fetch@kube-apiserver.service", "kube-fetch@cni-flannel.service");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).isBlank();
    }

    @Test
    void verifyFailsWithoutTheFetchUnitFromKubernetesYaml() throws Exception {
        assertVerifyFailsWithout("/etc/systemd/system/kube-fetch@.service", "Failed to create kubelet.service/start: Unit kube-fetch@");
    }

    @Test
    void exampleAppUnitsAreValidForSystemd() throws Exception {
        FleetLab.Result r = verify("examples");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).isBlank();
    }

    @Test
    void verifyFailsWhenABinaryIsMissing() throws Exception {
        assertVerifyFailsWithout("/opt/bin/kubelet", "/opt/bin/kubelet");
    }

    /** With {@code pathInMachine} gone, verify of units/kubernetes fails naming {@code expected}; then it is put back. */
    static void assertVerifyFailsWithout(String pathInMachine, String expected) throws Exception {
        Path file = m.file(pathInMachine);
        byte[] content = Files.readAllBytes(file);
        var mode = Files.getPosixFilePermissions(file);
        Files.delete(file);
        try {
            FleetLab.Result r = verify("kubernetes");
            assertThat(r.exitCode()).isNotZero();
            assertThat(r.output()).contains(expected);
        } finally {
            Files.write(file, content);
            Files.setPosixFilePermissions(file, mode);
        }
    }
}
