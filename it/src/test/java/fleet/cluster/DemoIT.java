package fleet.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import fleet.testing.LabExtension;
import fleet.testing.LabMachine;

/**
 * The README's main job, {@code bin/fleet-lab demo}, run as a user runs it: four machines booted from
 * cloud-config/, the guestbook of units/examples started through fleetctl, an entry written and read
 * back over HTTP. Checked both in what it prints and in what fleet and systemd say afterwards.
 */
@Tag("lab")
class DemoIT {
    @RegisterExtension
    static LabExtension lab = LabExtension.demo();

    static final List<String> UNITS = List.of("redis-primary.service", "redis-replica@1.service",
            "redis-replica@2.service", "guestbook@1.service", "guestbook@2.service", "guestbook@3.service",
            "guestbook-announce@1.service", "guestbook-announce@2.service", "guestbook-announce@3.service");

    @Test
    void itPrintsTheMachinesTheUnitsAndTheEntryReadBack() {
        String out = lab.bootOutput();
        assertThat(out).contains("== waiting for the 4 machines to join");
        assertThat(out.lines().filter(l -> l.matches("MACHINE\\t+IP\\t+METADATA"))).as("list-machines header").hasSize(1);
        assertThat(out.lines().filter(l -> l.matches("\\S+\\.\\.\\.\\t127\\.\\S+\\trole=(db|web)"))).hasSize(4);
        // fleetctl list-units: every unit of the app, active
        for (String unit : UNITS) {
            assertThat(out.lines().filter(l -> l.startsWith(unit + "\t") && l.contains("\tactive\t")))
                    .as("list-units row of %s, active", unit).hasSize(1);
        }
        assertThat(out).contains("{\"count\": 1}", "\"entries\": [\"hello from fleet-lab demo\"]");
    }

    @Test
    void fleetAndSystemdAgreeWithWhatItPrinted() throws Exception {
        LabMachine master = lab.machine(1);
        assertThat(master.exec("hostname").output().trim()).as("m1 booted from master.yaml").isEqualTo("fleet-master");
        FleetApiClient api = new FleetApiClient(master.ip(), 49153);
        Map<String, String> machineOf = api.states().stream().filter(s -> s.get("active").equals("active"))
                .collect(Collectors.toMap(s -> s.get("name"), s -> s.get("machineID")));
        assertThat(machineOf).containsOnlyKeys(UNITS);
        assertThat(machineOf.get("redis-primary.service")).as("the primary on the role=db machine").isEqualTo(master.machineId());
        Set<String> frontendMachines = Set.of(machineOf.get("guestbook@1.service"), machineOf.get("guestbook@2.service"),
                machineOf.get("guestbook@3.service"));
        assertThat(frontendMachines).as("frontends one per machine (Conflicts)").hasSize(3);
        assertThat(machineOf.get("redis-replica@1.service")).isNotEqualTo(machineOf.get("redis-replica@2.service"))
                .isNotEqualTo(master.machineId());
        for (int i = 1; i <= 3; i++) {
            assertThat(machineOf.get("guestbook-announce@" + i + ".service")).as("sidekick %d beside its frontend", i)
                    .isEqualTo(machineOf.get("guestbook@" + i + ".service"));
        }
        // systemd on the primary's machine says the same as fleet
        assertThat(master.exec("systemctl", "is-active", "redis-primary.service").output().trim()).isEqualTo("active");
    }
}
