package fleet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import fleet.testing.LabExtension;
import fleet.testing.LabMachine;
import fleet.testing.TestEnv;

/**
 * {@code fleetctl rebalance} on three real systemd machines: the third machine's fleetd is down while
 * six units start (three on each of the others); it returns; {@code --dry-run} lists the moves and
 * changes nothing; {@code --max-moves 2} moves two units to it, one at a time, each active there,
 * and restarts nothing else.
 */
@Tag("lab")
class RebalanceLabIT {
    @RegisterExtension
    static LabExtension lab = LabExtension.machines(3).withFleetd();

    @TempDir
    static Path units;

    static final Duration RUN = TestEnv.scaled(Duration.ofSeconds(120));
    static final List<String> NAMES = List.of("r1.service", "r2.service", "r3.service", "r4.service", "r5.service",
            "r6.service");
    static FleetctlProcess fleetctl;

    @BeforeAll
    static void cluster() throws Exception {
        fleetctl = new FleetctlProcess("http://" + lab.machine(1).ip() + ":49153", units);
        awaitMachines(3);
    }

    static void awaitMachines(int count) {
        await().atMost(TestEnv.scaled(Duration.ofSeconds(60))).pollInterval(Duration.ofMillis(500))
                .until(() -> fleetctl.run(RUN, "list-machines", "--no-legend").out().lines().count() == count);
    }

    /** unit → "machineID active", from list-units, once no unit shows more than one row. */
    static Map<String, String> placements() throws Exception {
        // right after a move the old machine still reports the unit (inactive) until its agent unloads it
        return await().atMost(TestEnv.scaled(Duration.ofSeconds(30))).pollInterval(Duration.ofMillis(250))
                .until(RebalanceLabIT::listedOnce, Optional::isPresent).orElseThrow();
    }

    private static Optional<Map<String, String>> listedOnce() throws Exception {
        var r = fleetctl.expect(0, RUN, "list-units", "--no-legend", "--full", "--fields", "unit,machine,active");
        Map<String, String> out = new TreeMap<>();
        List<String> rows = r.out().lines().toList();
        rows.stream().map(l -> l.split("\t+")).forEach(c -> out.put(c[0], c[1].split("/")[0] + " " + c[2]));
        return out.size() == rows.size() ? Optional.of(out) : Optional.empty();
    }

    /** When systemd last started each unit, on the machine that runs it. */
    static Map<String, String> startedAt(Map<String, String> placed) throws Exception {
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, String> e : placed.entrySet()) {
            LabMachine m = lab.machines().stream().filter(x -> e.getValue().startsWith(x.machineId())).findFirst()
                    .orElseThrow();
            var r = m.exec("systemctl", "show", "-p", "ExecMainStartTimestampMonotonic", "--value", e.getKey());
            out.put(e.getKey(), m.machineId() + " " + r.output().strip());
        }
        return out;
    }

    @Test
    void aReturningMachineTakesTwoUnitsOneAtATimeAndNothingElseRestarts() throws Exception {
        LabMachine returning = lab.machine(3);
        assertThat(returning.exec("systemctl", "stop", "fleet.service").ok()).isTrue();
        awaitMachines(2);
        List<String> args = new ArrayList<>(List.of("start", "--block-attempts=30"));
        for (String name : NAMES) {
            Files.writeString(units.resolve(name), "[Service]\nExecStart=/bin/sh -c 'exec sleep infinity'\n");
            args.add(name);
        }
        fleetctl.expect(0, RUN, args.toArray(String[]::new));
        Map<String, String> before = placements();
        assertThat(before).containsOnlyKeys(NAMES).allSatisfy((unit, seen) -> assertThat(seen)
                .endsWith(" active").doesNotStartWith(returning.machineId()));

        assertThat(returning.exec("systemctl", "start", "fleet.service").ok()).isTrue();
        awaitMachines(3);
        Map<String, String> started = startedAt(before);

        var dry = fleetctl.expect(0, RUN, "rebalance", "--dry-run");
        List<String> would = dry.out().lines().filter(l -> l.startsWith("Would move ")).toList();
        assertThat(would).as(dry.toString()).hasSize(2).allSatisfy(l -> assertThat(l)
                .contains(" to " + returning.machineId().substring(0, 8) + ": "));
        assertThat(would.get(0)).endsWith(returning.machineId().substring(0, 8) + " runs 0");
        assertThat(dry.out()).contains("balanced after 2 move(s)");
        assertThat(placements()).as("a dry run changes nothing").isEqualTo(before);

        var moved = fleetctl.expect(0, RUN, "rebalance", "--max-moves", "2");
        assertThat(moved.out().lines().filter(l -> l.startsWith("Moving "))).as(moved.toString()).hasSize(2);
        assertThat(moved.out()).contains("Moved 2 unit(s)");
        Map<String, String> after = placements();
        List<String> onReturning = after.entrySet().stream()
                .filter(e -> e.getValue().equals(returning.machineId() + " active")).map(Map.Entry::getKey).toList();
        assertThat(onReturning).as(after.toString()).hasSize(2);
        onReturning.forEach(u -> assertThat(moved.out()).contains("  " + u + ": active on "
                + returning.machineId().substring(0, 8)));
        Map<String, String> stayed = new TreeMap<>(started);
        onReturning.forEach(stayed::remove);
        assertThat(startedAt(stayed(after, onReturning))).as("the units not moved were not restarted").isEqualTo(stayed);
    }

    private static Map<String, String> stayed(Map<String, String> placed, List<String> moved) {
        Map<String, String> out = new TreeMap<>(placed);
        moved.forEach(out::remove);
        return out;
    }
}
