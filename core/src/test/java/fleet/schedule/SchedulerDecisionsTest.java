package fleet.schedule;

import static fleet.schedule.Fixtures.describe;
import static fleet.schedule.Fixtures.machine;
import static fleet.schedule.Fixtures.machineWithMemory;
import static fleet.schedule.Fixtures.snapshot;
import static fleet.schedule.Fixtures.unit;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Table-driven: a snapshot in, the exact decisions out (SPREAD unless the case says otherwise). */
class SchedulerDecisionsTest {
    static final String FULL1 = "11111111aaaaaaaaaaaaaaaaaaaaaaaa";
    static final String FULL2 = "22222222bbbbbbbbbbbbbbbbbbbbbbbb";

    record Case(String name, Strategy strategy, List<Machine> machines, List<Unit> units, List<String> expected) {
        Case(String name, List<Machine> machines, List<Unit> units, List<String> expected) {
            this(name, Strategy.SPREAD, machines, units, expected);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("empty cluster",
                        List.of(),
                        List.of(unit("a.service")),
                        List.of("unplaceable a.service: no machines")),
                new Case("inactive units are not placed",
                        List.of(machine("m1")),
                        List.of(unit("a.service", "desired=inactive")),
                        List.of()),
                new Case("spread: least loaded, ties by machine ID",
                        List.of(machine("m2"), machine("m1"), machine("m3")),
                        List.of(unit("x.service", "target=m1"), unit("a.service"), unit("b.service"),
                                unit("c.service")),
                        List.of("place a.service on m2", "place b.service on m3", "place c.service on m1")),
                new Case("MachineID full ID",
                        List.of(machine(FULL1), machine(FULL2)),
                        List.of(unit("a.service", "MachineID=" + FULL2)),
                        List.of("place a.service on " + FULL2)),
                new Case("MachineID short ID",
                        List.of(machine(FULL1), machine(FULL2)),
                        List.of(unit("a.service", "MachineID=22222222")),
                        List.of("place a.service on " + FULL2)),
                new Case("MachineID of an absent machine",
                        List.of(machine(FULL1)),
                        List.of(unit("a.service", "MachineID=33333333")),
                        List.of("unplaceable a.service: " + FULL1 + ": machine ID is 11111111..., required 33333333")),
                new Case("MachineOf a scheduled unit",
                        List.of(machine("m1"), machine("m2")),
                        List.of(unit("db.service", "target=m2"), unit("app.service", "MachineOf=db.service")),
                        List.of("place app.service on m2")),
                new Case("MachineOf several units on one machine",
                        List.of(machine("m1"), machine("m2")),
                        List.of(unit("a.service", "target=m2"), unit("b.service", "target=m2"),
                                unit("c.service", "MachineOf=a.service", "MachineOf=b.service")),
                        List.of("place c.service on m2")),
                new Case("MachineOf several units on different machines",
                        List.of(machine("m1"), machine("m2")),
                        List.of(unit("a.service", "target=m1"), unit("b.service", "target=m2"),
                                unit("c.service", "MachineOf=a.service", "MachineOf=b.service")),
                        List.of("unplaceable c.service: m1: MachineOf b.service which is on m2; "
                                + "m2: MachineOf a.service which is on m1")),
                new Case("MachineOf a unit that is not scheduled",
                        List.of(machine("m1")),
                        List.of(unit("db.service", "desired=inactive"), unit("app.service", "MachineOf=db.service")),
                        List.of("unplaceable app.service: m1: MachineOf db.service which is not scheduled")),
                new Case("MachineOf target placed in the same pass, follower sorted first",
                        List.of(machine("m1"), machine("m2"), machine("m3")),
                        List.of(unit("x.service", "target=m1"), unit("a-app.service", "MachineOf=z-db.service"),
                                unit("z-db.service")),
                        List.of("place z-db.service on m2", "place a-app.service on m2")),
                new Case("MachineOf cycle",
                        List.of(machine("m1")),
                        List.of(unit("a.service", "MachineOf=b.service"), unit("b.service", "MachineOf=a.service")),
                        List.of("unplaceable a.service: MachineOf cycle: a.service -> b.service -> a.service; "
                                        + "m1: MachineOf b.service which is not scheduled",
                                "unplaceable b.service: MachineOf cycle: b.service -> a.service -> b.service; "
                                        + "m1: MachineOf a.service which is not scheduled")),
                new Case("MachineOf follower moves with its target",
                        List.of(machine("m1"), machine("m2")),
                        List.of(unit("db.service", "target=m9"), unit("app.service", "target=m1",
                                "MachineOf=db.service"), unit("db2.service", "target=m9")),
                        List.of("unschedule db.service from m9: machine m9 went away",
                                "unschedule db2.service from m9: machine m9 went away",
                                "unschedule app.service from m1: no longer fits: MachineOf db.service which is not scheduled",
                                "place db.service on m1", "place db2.service on m2", "place app.service on m1")),
                new Case("MachineMetadata: AND across keys, OR within a key, missing key",
                        List.of(machine("m1", "role=web", "zone=a"), machine("m2", "role=db", "zone=b"),
                                machine("m3", "role=web")),
                        List.of(unit("a.service", "MachineMetadata=role=web", "MachineMetadata=zone=a",
                                        "MachineMetadata=zone=c"),
                                unit("b.service", "MachineMetadata=role=db", "MachineMetadata=role=cache"),
                                unit("c.service", "MachineMetadata=disk=ssd")),
                        List.of("place a.service on m1", "place b.service on m2",
                                "unplaceable c.service: m1: requires disk=ssd, has no disk; "
                                        + "m2: requires disk=ssd, has no disk; m3: requires disk=ssd, has no disk")),
                new Case("MachineMetadata no longer matching: moved",
                        List.of(machine("m1", "role=node"), machine("m2", "role=master")),
                        List.of(unit("a.service", "target=m1", "MachineMetadata=role=master")),
                        List.of("unschedule a.service from m1: no longer fits: requires role=master, has role=node",
                                "place a.service on m2")),
                new Case("Conflicts: template instances one per machine, too many is unplaceable",
                        List.of(machine("m1"), machine("m2")),
                        List.of(unit("web@1.service", "Conflicts=web@*.service"),
                                unit("web@2.service", "Conflicts=web@*.service"),
                                unit("web@3.service", "Conflicts=web@*.service")),
                        List.of("place web@1.service on m1", "place web@2.service on m2",
                                "unplaceable web@3.service: m1: conflicts with web@1.service; "
                                        + "m2: conflicts with web@2.service")),
                new Case("Conflicts the other way: the placed unit's pattern blocks a plain unit",
                        List.of(machine("m1")),
                        List.of(unit("lone.service", "target=m1", "Conflicts=b*"), unit("b.service")),
                        List.of("unplaceable b.service: m1: conflicts with lone.service (its Conflicts=b*)")),
                new Case("Conflicts the other way wins over load",
                        List.of(machine("m1"), machine("m2")),
                        List.of(unit("lone.service", "target=m1", "Conflicts=b*"),
                                unit("x.service", "target=m2"), unit("x2.service", "target=m2"),
                                unit("b.service")),
                        List.of("place b.service on m2")),
                new Case("newly conflicting scheduled units: the first by name moves",
                        List.of(machine("m1"), machine("m2")),
                        List.of(unit("a.service", "target=m1", "Conflicts=b.service"), unit("b.service", "target=m1")),
                        List.of("unschedule a.service from m1: no longer fits: conflicts with b.service",
                                "place a.service on m2")),
                new Case("Global units count for load on matching machines",
                        List.of(machine("m1", "role=a"), machine("m2", "role=b")),
                        List.of(unit("g.service", "Global=true", "MachineMetadata=role=a"), unit("x.service")),
                        List.of("place x.service on m2")),
                new Case("Global units count for conflicts",
                        List.of(machine("m1", "role=a"), machine("m2", "role=b"), machine("m3", "role=b")),
                        List.of(unit("g.service", "Global=true", "MachineMetadata=role=b", "Conflicts=web*"),
                                unit("x.service", "target=m1"), unit("web.service")),
                        List.of("place web.service on m1")),
                new Case("Global units are not placed; a target on one is removed",
                        List.of(machine("m1")),
                        List.of(unit("g.service", "Global=true", "target=m1")),
                        List.of("unschedule g.service from m1: global units are not placed by the engine")),
                new Case("Replaces: the replaced unit goes to the least loaded other machine",
                        List.of(machine("m1", "role=a"), machine("m2"), machine("m3")),
                        List.of(unit("old.service", "target=m1"), unit("y.service", "target=m2"),
                                unit("new.service", "Replaces=old.service", "MachineMetadata=role=a")),
                        List.of("place new.service on m1", "unschedule old.service from m1: replaced by new.service",
                                "place old.service on m3")),
                new Case("Replaces already in place: phase 1 moves the replaced unit",
                        List.of(machine("m1"), machine("m2")),
                        List.of(unit("old.service", "target=m1"), unit("new.service", "target=m1", "Replaces=old*")),
                        List.of("unschedule old.service from m1: no longer fits: replaced by new.service "
                                + "(its Replaces=old*)", "place old.service on m2")),
                new Case("Replaces: the replaced unit's MachineOf follower moves with it",
                        List.of(machine("m1", "role=a"), machine("m2")),
                        List.of(unit("old.service", "target=m1"), unit("side.service", "target=m1",
                                "MachineOf=old.service"),
                                unit("new.service", "Replaces=old.service", "MachineMetadata=role=a")),
                        List.of("place new.service on m1", "unschedule old.service from m1: replaced by new.service",
                                "unschedule side.service from m1: no longer fits: "
                                        + "MachineOf old.service which is not scheduled",
                                "place old.service on m2", "place side.service on m2")),
                new Case("a global unit blocked by a unit that leaves joins its machine and counts for load",
                        List.of(machine("m0", "role=b"), machine("m1", "role=a")),
                        List.of(unit("y.service", "target=m0"),
                                unit("b-old.service", "target=m1", "MachineMetadata=role=b", "Conflicts=g.service"),
                                unit("g.service", "Global=true", "MachineMetadata=role=a"),
                                unit("a-new.service")),
                        List.of("unschedule b-old.service from m1: no longer fits: requires role=b, has role=a",
                                "place a-new.service on m0", "place b-old.service on m0")),
                new Case("circular Replaces are ignored",
                        List.of(machine("m1"), machine("m2")),
                        List.of(unit("a.service", "target=m1", "Replaces=b.service"),
                                unit("b.service", "target=m1", "Replaces=a.service")),
                        List.of()),
                new Case("target machine gone: rescheduled",
                        List.of(machine("m1")),
                        List.of(unit("a.service", "target=m9")),
                        List.of("unschedule a.service from m9: machine m9 went away", "place a.service on m1")),
                new Case("desired inactive: unscheduled",
                        List.of(machine("m1")),
                        List.of(unit("a.service", "target=m1", "desired=inactive")),
                        List.of("unschedule a.service from m1: desired state is inactive")),
                new Case("capacity veto",
                        List.of(machineWithMemory("m1", 256)),
                        List.of(unit("a.service", "MemoryMax=512M")),
                        List.of("unplaceable a.service: m1: needs 512 MiB, 256 MiB free")),
                new Case("capacity: over-committed machine sheds the first unit by name",
                        List.of(machineWithMemory("m1", 1024), machineWithMemory("m2", 1024)),
                        List.of(unit("a.service", "target=m1", "MemoryMax=600M"),
                                unit("b.service", "target=m1", "MemoryMax=600M")),
                        List.of("unschedule a.service from m1: no longer fits: needs 600 MiB, 424 MiB free",
                                "place a.service on m2")),
                new Case("spread ignores memory, binpack fills the fullest machine that fits",
                        Strategy.SPREAD,
                        List.of(machineWithMemory("m1", 4096), machineWithMemory("m2", 1024)),
                        List.of(unit("a.service", "MemoryMax=512M"), unit("b.service", "MemoryMax=768M")),
                        List.of("place a.service on m1", "place b.service on m2")),
                new Case("binpack",
                        Strategy.BINPACK,
                        List.of(machineWithMemory("m1", 4096), machineWithMemory("m2", 1024)),
                        List.of(unit("a.service", "MemoryMax=512M"), unit("b.service", "MemoryMax=768M"),
                                unit("c.service", "MemoryMax=256M")),
                        List.of("place a.service on m2", "place b.service on m1", "place c.service on m2")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decisions(Case c) {
        ClusterSnapshot s = snapshot(c.machines(), c.units());
        Plan plan = new Scheduler(c.strategy(), 42).plan(s);
        assertThat(describe(plan)).containsExactlyElementsOf(c.expected());
        // Applying the plan and planning again changes nothing.
        assertThat(describe(new Scheduler(c.strategy(), 42).plan(s.apply(plan))))
                .as("second pass").allMatch(line -> line.startsWith("unplaceable"));
    }
}
