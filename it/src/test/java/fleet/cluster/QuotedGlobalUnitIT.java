package fleet.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import fleet.systemd.DbusSystemdManager;
import fleet.systemd.UnitState;
import fleet.testing.LabExtension;
import fleet.testing.LabMachine;
import fleet.testing.TestEnv;
import fleet.unit.UnitFile;

/**
 * {@code Global="true"} (quoted, as fleet's quoting rule allows for every [X-Fleet] value) makes a
 * unit global everywhere it is decided: the registry mirrors it to {@code global/}, the engine leaves
 * it to the agents, and every machine's systemd runs it. Before one rule decided it, the registry
 * read the raw value (quotes included) and the engine the unquoted one, so nothing ran it.
 */
@Tag("lab")
class QuotedGlobalUnitIT {
    @RegisterExtension
    static LabExtension lab = LabExtension.machines(2).withFleetd();

    static final Duration WAIT = TestEnv.scaled(Duration.ofSeconds(30));
    static DbusSystemdManager[] buses;
    static FleetApiClient api;

    @BeforeAll
    static void connect() {
        api = new FleetApiClient(lab.machine(1).ip(), 49153);
        api.awaitMachines(lab.machines().size(), WAIT);
        buses = lab.machines().stream().map(m -> DbusSystemdManager.connect(m.busAddress()))
                .toArray(DbusSystemdManager[]::new);
    }

    @AfterAll
    static void disconnect() {
        if (buses != null) {
            for (DbusSystemdManager bus : buses) {
                bus.close();
            }
        }
    }

    @Test
    void aUnitWithQuotedGlobalTrueRunsOnEveryMachine() throws Exception {
        UnitFile unit = UnitFile.parse("[Service]\nExecStart=/bin/sleep infinity\n[X-Fleet]\nGlobal=\"true\"\n");
        assertThat(api.put("quoted-global.service", unit, "launched")).isEqualTo(201);

        await().atMost(WAIT).untilAsserted(() -> assertThat(runningOn("quoted-global.service"))
                .as("machines whose systemd runs the unit").containsExactly("m1", "m2"));
    }

    /** The machines whose systemd has {@code unit} ActiveState=active. */
    static List<String> runningOn(String unit) {
        List<LabMachine> machines = lab.machines();
        return IntStream.range(0, machines.size())
                .filter(i -> {
                    UnitState s = buses[i].states(List.of(unit)).get(unit);
                    return s != null && "active".equals(s.active());
                })
                .mapToObj(i -> machines.get(i).name()).toList();
    }
}
