package fleet.units;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;

import fleet.testing.FleetLab;
import fleet.testing.LabMachine;
import fleet.testing.TestEnv;

/** A lab machine set up as cloud-config/kubernetes.yaml sets up every Kubernetes host (files and units only). */
final class KubernetesHost {
    /** How long a lab machine gets for what a test waits on (a unit, a server, a log line). */
    static final Duration WAIT = TestEnv.scaled(Duration.ofSeconds(30));

    private KubernetesHost() {
    }

    /** Writes kubernetes.yaml's files and units into {@code m} and has its systemd read them. */
    static LabMachine prepare(LabMachine m) throws IOException {
        ShippedUnits.applyCloudConfig(m, "kubernetes.yaml");
        ok(m, "systemctl", "daemon-reload");
        return m;
    }

    /** Runs a command in the machine, failing the test with its output unless it exits 0. */
    static FleetLab.Result ok(LabMachine m, String... command) throws IOException {
        FleetLab.Result r = m.exec(command);
        assertThat(r.exitCode()).as(String.join(" ", command) + ": " + r.output()).isZero();
        return r;
    }
}
