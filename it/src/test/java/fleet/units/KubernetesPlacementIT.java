package fleet.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import fleet.cluster.FleetApiClient;
import fleet.testing.LabExtension;
import fleet.testing.LabMachine;
import fleet.testing.TestEnv;

/**
 * units/kubernetes submitted through the API to a cluster with one role=master and two role=node
 * machines land exactly where their [X-Fleet] sections say. Desired state {@code loaded}, not
 * {@code launched}: the Kubernetes binaries cannot be downloaded here, so nothing could start.
 */
@Tag("lab")
class KubernetesPlacementIT {
    @RegisterExtension
    static LabExtension lab = LabExtension.machines(3).withFleetd()
            .metadata(1, "role=master").metadata(2, "role=node").metadata(3, "role=node");

    static final Duration WAIT = TestEnv.scaled(Duration.ofSeconds(60));

    /** Where each unit belongs: flannel everywhere, the control plane on the master, node agents on nodes. */
    static final Map<String, List<String>> EXPECTED = Map.of(
            "flanneld.service", List.of("m1", "m2", "m3"),
            "kube-apiserver.service", List.of("m1"),
            "kube-controller-manager.service", List.of("m1"),
            "kube-scheduler.service", List.of("m1"),
            "kubelet.service", List.of("m2", "m3"),
            "kube-proxy.service", List.of("m2", "m3"));

    @Test
    void everyKubernetesUnitIsLoadedExactlyWhereItBelongs() throws Exception {
        FleetApiClient api = new FleetApiClient(lab.machine(1).ip(), 49153);
        api.awaitMachines(lab.machines().size(), WAIT);
        for (String unit : EXPECTED.keySet()) {
            assertThat(api.put(unit, ShippedUnits.parse("kubernetes", unit), "loaded")).as(unit).isEqualTo(201);
        }

        await().atMost(WAIT).untilAsserted(() -> {
            List<Map<String, String>> states = api.states();
            for (var e : EXPECTED.entrySet()) {
                assertThat(machinesInState(states, e.getKey())).as("machines fleet reports for " + e.getKey())
                        .containsExactlyElementsOf(e.getValue());
                assertThat(states).filteredOn(s -> s.get("name").equals(e.getKey()))
                        .as("systemd load state of " + e.getKey()).allMatch(s -> s.get("load").equals("loaded"));
                assertThat(machinesWithUnitFile(e.getKey())).as("machines with /run/fleet/units/" + e.getKey())
                        .containsExactlyElementsOf(e.getValue());
            }
        });
        // loaded, never started
        assertThat(api.states()).allMatch(s -> !s.get("active").equals("active"));
    }

    /** Names of the machines whose state fleet publishes for {@code unit}, sorted. */
    static List<String> machinesInState(List<Map<String, String>> states, String unit) {
        TreeSet<String> names = new TreeSet<>();
        for (Map<String, String> s : states) {
            if (s.get("name").equals(unit)) {
                lab.machines().stream().filter(m -> m.machineId().equals(s.get("machineID")))
                        .forEach(m -> names.add(m.name()));
            }
        }
        return List.copyOf(names);
    }

    static List<String> machinesWithUnitFile(String unit) {
        return lab.machines().stream().filter(m -> Files.exists(m.file("/run/fleet/units/" + unit)))
                .map(LabMachine::name).sorted().toList();
    }
}
