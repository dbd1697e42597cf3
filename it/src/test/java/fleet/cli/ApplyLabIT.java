package fleet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import fleet.testing.LabExtension;
import fleet.testing.TestEnv;

/**
 * {@code fleetctl diff} and {@code apply} as a user runs them: a git repository of unit files (a
 * template with instance symlinks, a unit kept loaded, a plain one) applied with the real
 * {@code bin/fleetctl} to three real systemd machines, changed, diffed, rolled out, re-applied,
 * rolled out with a version that fails on one machine, resumed, and pruned. Tests run in order.
 */
@Tag("lab")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApplyLabIT {
    @RegisterExtension
    static LabExtension lab = LabExtension.machines(3).withFleetd();

    @TempDir
    static Path repo;

    static final Duration RUN = TestEnv.scaled(Duration.ofSeconds(120));
    /** While this file exists on a machine, the instance %i of web v3 fails to start there. */
    static final String FAIL_FLAG = "/etc/apply-lab-it-fail-";
    static FleetctlProcess fleetctl;

    @BeforeAll
    static void repositoryOfUnitFiles() throws Exception {
        git("init", "-q");
        Files.createDirectories(repo.resolve("units"));
        writeWeb("echo v1", "");
        for (int i = 1; i <= 3; i++) {
            Files.createSymbolicLink(repo.resolve("units/web@" + i + ".service"), Path.of("web@.service"));
        }
        write("idle.service", "[Service]\nExecStart=/bin/sleep infinity\n\n[X-Fleet]\nDesiredState=loaded\n");
        write("hello.service", "[Service]\nExecStart=/bin/sh -c 'echo hello; exec sleep infinity'\n");
        commit("unit files");
        fleetctl = new FleetctlProcess("http://" + lab.machine(1).ip() + ":49153", repo);
        await().atMost(TestEnv.scaled(Duration.ofSeconds(60))).pollInterval(Duration.ofSeconds(1))
                .until(() -> run("list-machines", "--no-legend").out().lines().count() == 3);
    }

    /** The template: every instance on its own machine; {@code pre} is an optional ExecStartPre line. */
    static void writeWeb(String version, String pre) throws IOException {
        write("web@.service", "[Unit]\nDescription=web %i\n\n[Service]\n" + pre
                + "ExecStart=/bin/sh -c '" + version + "; exec sleep infinity'\n\n[X-Fleet]\nConflicts=web@*.service\n");
    }

    static void commitWeb(String version, String pre) throws Exception {
        writeWeb(version, pre);
        commit("web: " + version);
    }

    static void write(String name, String text) throws IOException {
        Files.writeString(repo.resolve("units").resolve(name), text);
    }

    static void commit(String message) throws Exception {
        git("add", "-A");
        git("-c", "user.name=test", "-c", "user.email=test@example.com", "commit", "-q", "-m", message);
    }

    static void git(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("git", "-C", repo.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).as("git " + args[0] + ": " + out).isTrue();
    }

    static FleetctlProcess.Result run(String... args) throws Exception {
        return fleetctl.run(RUN, args);
    }

    static String ip(int i) {
        return lab.machine(i).ip();
    }

    /** unit → "ACTIVE SUB" of every row of list-units. */
    static java.util.Map<String, String> active() throws Exception {
        var r = run("list-units", "--no-legend", "--fields", "unit,active,sub");
        assertThat(r.code()).as(r.toString()).isZero();
        java.util.Map<String, String> byUnit = new java.util.TreeMap<>();
        r.out().lines().map(l -> l.split("\t+")).forEach(c -> byUnit.put(c[0], c[1] + " " + c[2]));
        return byUnit;
    }

    static void onEveryMachine(String... command) throws Exception {
        for (int i = 1; i <= 3; i++) {
            var r = lab.machine(i).exec(command);
            assertThat(r.exitCode()).as(String.join(" ", command) + " on m" + i + ": " + r.output()).isZero();
        }
    }

    static String execStart(String unit) throws Exception {
        var r = run("cat", unit);
        assertThat(r.code()).as(r.toString()).isZero();
        return r.out().lines().filter(l -> l.startsWith("ExecStart=")).findFirst().orElseThrow();
    }

    @Test
    @Order(1)
    void diffListsTheNewUnitsThenApplyCreatesThemWithTheirStates() throws Exception {
        var diff = run("diff", "units");
        assertThat(diff.code()).as(diff.toString()).isEqualTo(1);
        assertThat(diff.out()).isEqualTo("""
                + hello.service: create, launched (not in the cluster)
                + idle.service: create, loaded (not in the cluster)
                + web@.service: create, inactive (not in the cluster)
                + web@1.service: create, launched (not in the cluster)
                + web@2.service: create, launched (not in the cluster)
                + web@3.service: create, launched (not in the cluster)
                Plan: 6 to create, 0 to replace, 0 to change state, 0 to destroy; 0 unchanged.
                """);

        var apply = run("apply", "units");
        assertThat(apply.code()).as(apply.toString()).isZero();
        assertThat(apply.out()).endsWith("Applied: 6 created, 0 replaced, 0 state change(s), 0 destroyed; 0 unchanged.\n");
        var files = run("list-unit-files", "--no-legend", "--fields", "unit,dstate");
        assertThat(files.out().lines().map(l -> l.replaceAll("\t+", " ")).toList()).containsExactly(
                "hello.service launched", "idle.service loaded", "web@.service inactive", "web@1.service launched",
                "web@2.service launched", "web@3.service launched");
        await().atMost(RUN).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> assertThat(active())
                .containsEntry("hello.service", "active running").containsEntry("web@1.service", "active running")
                .containsEntry("web@2.service", "active running").containsEntry("web@3.service", "active running")
                .containsEntry("idle.service", "inactive dead"));
        var placed = run("list-units", "--no-legend", "--fields", "unit,machine");
        assertThat(placed.out().lines().filter(l -> l.startsWith("web@")).map(l -> l.substring(l.lastIndexOf('/') + 1)))
                .as("Conflicts spread the instances").containsExactlyInAnyOrder(ip(1), ip(2), ip(3));
        assertThat(run("cat", "hello.service").out()).contains("[X-Fleet]\nApplySet=default");
    }

    @Test
    @Order(2)
    void theSameTreeAgainChangesNothing() throws Exception {
        var apply = run("apply", "units");
        assertThat(apply.code()).as(apply.toString()).isZero();
        assertThat(apply.out()).isEqualTo("No changes: 6 unit(s) match the tree.\n");
        var diff = run("diff", "units");
        assertThat(diff.code()).as(diff.toString()).isZero();
        assertThat(diff.out()).isEqualTo("No changes: 6 unit(s) match the tree.\n");
    }

    @Test
    @Order(3)
    void aChangedTemplateIsDiffedThenRolledOutOneInstanceAtATime() throws Exception {
        commitWeb("echo v2", "");
        var diff = run("diff", "units");
        assertThat(diff.code()).as(diff.toString()).isEqualTo(1);
        assertThat(diff.out()).isEqualTo("""
                ~ web@.service: replace, inactive (body differs from units/web@.service)
                --- web@.service (cluster)
                +++ web@.service (units/web@.service)
                @@ -2,7 +2,7 @@
                 Description=web %i
                \s
                 [Service]
                -ExecStart=/bin/sh -c 'echo v1; exec sleep infinity'
                +ExecStart=/bin/sh -c 'echo v2; exec sleep infinity'
                \s
                 [X-Fleet]
                 Conflicts=web@*.service
                ~ web@1.service: replace, launched (body differs from units/web@1.service; rolled with the other \
                instances of web@.service)
                  (the same change as web@.service)
                ~ web@2.service: replace, launched (body differs from units/web@2.service; rolled with the other \
                instances of web@.service)
                  (the same change as web@.service)
                ~ web@3.service: replace, launched (body differs from units/web@3.service; rolled with the other \
                instances of web@.service)
                  (the same change as web@.service)
                Plan: 0 to create, 4 to replace, 0 to change state, 0 to destroy; 2 unchanged.
                """);

        var apply = run("apply", "units");
        assertThat(apply.code()).as(apply.toString()).isZero();
        List<String> lines = apply.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("Replaced web@.service (inactive)");
        assertThat(lines.get(1)).isEqualTo("Rolling out web@.service: 3 instance(s), 1 at a time");
        assertThat(lines.subList(2, 5)).allSatisfy(l -> assertThat(l).matches(
                "Unit web@[123]\\.service launched on [0-9a-f]{8}\\.\\.\\./127\\.\\S+"));
        assertThat(lines.subList(2, 5)).extracting(l -> l.substring(5, 18))
                .containsExactly("web@1.service", "web@2.service", "web@3.service");
        for (int i = 1; i <= 3; i++) {
            assertThat(execStart("web@" + i + ".service")).contains("echo v2");
        }
        assertThat(active()).containsEntry("web@1.service", "active running")
                .containsEntry("web@2.service", "active running").containsEntry("web@3.service", "active running");
        assertThat(run("diff", "units").code()).isZero();
    }

    @Test
    @Order(4)
    void aVersionThatFailsOnTheSecondInstanceStopsTheRolloutWhichStaysHeldUntilThatInstanceIsActive()
            throws Exception {
        onEveryMachine("touch", FAIL_FLAG + "2");
        commitWeb("echo v3", "ExecStartPre=/bin/sh -c 'test ! -e " + FAIL_FLAG + "%i'\n");
        var apply = run("apply", "units");
        assertThat(apply.code()).as(apply.toString()).isEqualTo(1);
        assertThat(apply.out()).contains("Unit web@1.service launched on").doesNotContain("web@3.service");
        assertThat(apply.err()).contains("Error: unit web@2.service was launched on")
                .contains("but failed in systemd (ActiveState=failed")
                .contains("Error: web@2.service did not become active with the new version; still on the old "
                        + "version: web@3.service")
                .contains("Error: the rollout of web@.service failed; apply stopped there");
        assertThat(execStart("web@1.service")).contains("echo v3");
        assertThat(execStart("web@3.service")).as("the third keeps the old version").contains("echo v2");
        assertThat(active()).containsEntry("web@1.service", "active running")
                .containsEntry("web@2.service", "failed failed").containsEntry("web@3.service", "active running");

        var diff = run("diff", "units");
        assertThat(diff.code()).isEqualTo(1);
        assertThat(diff.out()).isEqualTo("! rollout of web@.service held: web@2.service is failed in systemd with "
                + "the new version: fix the unit file, or make web@2.service active again (fleetctl status, "
                + "fleetctl restart), then apply again\n"
                + "Plan: 0 to create, 0 to replace, 0 to change state, 0 to destroy; 5 unchanged; 1 rollout(s) held.\n");
        var again = run("apply", "units");
        assertThat(again.code()).as(again.toString()).isEqualTo(1);
        assertThat(again.err()).contains("Error: rollout of web@.service held: web@2.service is failed");
        assertThat(execStart("web@3.service")).as("a second apply does not carry on past the failure")
                .contains("echo v2");

        onEveryMachine("rm", "-f", FAIL_FLAG + "2");
        var restarted = run("restart", "--block-attempts=30", "web@2.service");
        assertThat(restarted.code()).as(restarted.toString()).isZero();
        var resumed = run("apply", "units");
        assertThat(resumed.code()).as(resumed.toString()).isZero();
        assertThat(resumed.out()).startsWith("Rolling out web@.service: 1 instance(s), 1 at a time\n"
                + "Unit web@3.service launched on ")
                .endsWith("Applied: 0 created, 1 replaced, 0 state change(s), 0 destroyed; 5 unchanged.\n");
        assertThat(execStart("web@3.service")).contains("echo v3");

        commitWeb("echo v4", "");
        var fixed = run("apply", "--max-parallel", "3", "units");
        assertThat(fixed.code()).as(fixed.toString()).isZero();
        assertThat(fixed.out()).contains("Rolling out web@.service: 3 instance(s), 3 at a time");
        assertThat(active()).containsEntry("web@1.service", "active running")
                .containsEntry("web@2.service", "active running").containsEntry("web@3.service", "active running");
    }

    @Test
    @Order(5)
    void withMinActiveAVersionThatCrashesSecondsAfterStartingStopsTheRollout() throws Exception {
        commitWeb("echo v5; sleep 3; exit 1", "");
        var apply = run("apply", "--min-active", "8", "units");
        assertThat(apply.code()).as(apply.toString()).isEqualTo(1);
        assertThat(apply.out()).contains("Unit web@1.service launched on");
        assertThat(apply.err()).contains("Error: unit web@1.service was active but then ActiveState=failed")
                .contains("still on the old version: web@2.service, web@3.service");
        assertThat(execStart("web@2.service")).contains("echo v4");
        assertThat(active()).containsEntry("web@2.service", "active running")
                .containsEntry("web@3.service", "active running");

        commitWeb("echo v6", "");
        var fixed = run("apply", "--max-parallel", "3", "units");
        assertThat(fixed.code()).as(fixed.toString()).isZero();
        assertThat(active()).containsEntry("web@1.service", "active running")
                .containsEntry("web@2.service", "active running").containsEntry("web@3.service", "active running");
    }

    @Test
    @Order(6)
    void pruneDestroysWhatApplyCreatedAndTheTreeLostButNeverAUnitMadeByHand() throws Exception {
        Path elsewhere = Files.createDirectories(repo.resolve("by-hand"));
        Files.writeString(elsewhere.resolve("by-hand.service"), "[Service]\nExecStart=/bin/sleep infinity\n");
        var started = run("start", "--block-attempts=30", "by-hand/by-hand.service");
        assertThat(started.code()).as(started.toString()).isZero();
        git("rm", "-q", "units/hello.service");
        commit("hello retired");

        var diff = run("diff", "units");
        assertThat(diff.code()).as("without --prune nothing is destroyed").isZero();
        var prune = run("diff", "--prune", "units");
        assertThat(prune.code()).as(prune.toString()).isEqualTo(1);
        assertThat(prune.out()).isEqualTo("- hello.service: destroy (created by apply (set default) and no longer "
                + "in the tree)\nPlan: 0 to create, 0 to replace, 0 to change state, 1 to destroy; 5 unchanged.\n");

        var apply = run("apply", "--prune", "units");
        assertThat(apply.code()).as(apply.toString()).isZero();
        assertThat(apply.out()).isEqualTo("Destroyed hello.service\n"
                + "Applied: 0 created, 0 replaced, 0 state change(s), 1 destroyed; 5 unchanged.\n");
        var files = run("list-unit-files", "--no-legend", "--fields", "unit");
        assertThat(files.out().lines().toList()).contains("by-hand.service").doesNotContain("hello.service");
        assertThat(run("diff", "--prune", "units").code()).isZero();
    }
}
