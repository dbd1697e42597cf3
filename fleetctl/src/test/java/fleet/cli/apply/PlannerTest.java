package fleet.cli.apply;

import static org.assertj.core.api.Assertions.assertThat;

import fleet.schema.UnitRolloutEntity;
import fleet.unit.DesiredState;
import fleet.unit.UnitFile;
import fleet.unit.UnitOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The plan of apply, table-driven: a tree and a cluster in, actions with their reasons out. */
class PlannerTest {
    private static final String SLEEP = "/bin/sleep infinity";
    private static final String NEW = "/bin/sleep 1000";

    /** A unit in the tree; {@code exec} is its ExecStart, so two units differ when their exec does. */
    static LocalUnit local(String name, String exec, DesiredState desired) {
        return new LocalUnit(name, body(exec), desired, Path.of("units", name));
    }

    static LocalUnit local(String name, String exec) {
        return local(name, exec, DesiredState.LAUNCHED);
    }

    /** A unit in the cluster as apply stores it, or (set null) as created by hand. */
    static ClusterUnit cluster(String name, String exec, String desired, String set) {
        List<UnitOption> options = new ArrayList<>(body(exec).options());
        if (set != null) {
            options.add(new UnitOption("X-Fleet", "ApplySet", set));
        }
        return new ClusterUnit(name, UnitFile.of(options), desired, false);
    }

    static ClusterUnit global(String name, String exec) {
        List<UnitOption> options = new ArrayList<>(body(exec).options());
        options.add(new UnitOption("X-Fleet", "Global", "true"));
        options.add(new UnitOption("X-Fleet", "ApplySet", "default"));
        return new ClusterUnit(name, UnitFile.of(options), "launched", false);
    }

    static UnitFile body(String exec) {
        return UnitFile.of(List.of(new UnitOption("Service", "ExecStart", exec)));
    }

    static LocalUnit globalLocal(String name, String exec) {
        return new LocalUnit(name, UnitFile.of(List.of(new UnitOption("Service", "ExecStart", exec),
                new UnitOption("X-Fleet", "Global", "true"))), DesiredState.LAUNCHED, Path.of("units", name));
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("an empty cluster: everything is created",
                        List.of(local("a.service", SLEEP), local("b.service", SLEEP, DesiredState.LOADED)), List.of(),
                        false, List.of("CREATE a.service launched", "CREATE b.service loaded"), 0),
                Arguments.of("the same tree again: nothing to do",
                        List.of(local("a.service", SLEEP)), List.of(cluster("a.service", SLEEP, "launched", "default")),
                        false, List.of(), 1),
                Arguments.of("the ApplySet mark is not a difference, nor is a unit made by hand with the same body",
                        List.of(local("a.service", SLEEP), local("b.service", SLEEP)),
                        List.of(cluster("a.service", SLEEP, "launched", "other"),
                                cluster("b.service", SLEEP, "launched", null)),
                        true, List.of(), 2),
                Arguments.of("a changed body of a plain unit is replaced at once",
                        List.of(local("a.service", NEW)), List.of(cluster("a.service", SLEEP, "launched", "default")),
                        false, List.of("REPLACE a.service launched"), 0),
                Arguments.of("only the desired state differs",
                        List.of(local("a.service", SLEEP, DesiredState.LOADED)),
                        List.of(cluster("a.service", SLEEP, "launched", "default")),
                        false, List.of("SET_STATE a.service loaded"), 0),
                Arguments.of("running instances of a changed template roll; a stopped one is replaced at once",
                        List.of(local("web@1.service", NEW), local("web@2.service", NEW),
                                local("web@3.service", NEW, DesiredState.LOADED)),
                        List.of(cluster("web@1.service", SLEEP, "launched", "default"),
                                cluster("web@2.service", SLEEP, "launched", "default"),
                                cluster("web@3.service", SLEEP, "loaded", "default")),
                        false, List.of("REPLACE web@1.service launched rolling web@.service",
                                "REPLACE web@2.service launched rolling web@.service",
                                "REPLACE web@3.service loaded"), 0),
                Arguments.of("a template is kept inactive and never rolls",
                        List.of(local("web@.service", NEW, DesiredState.INACTIVE)),
                        List.of(cluster("web@.service", SLEEP, "inactive", "default")),
                        false, List.of("REPLACE web@.service inactive"), 0),
                Arguments.of("a running global unit rolls machine by machine",
                        List.of(globalLocal("mon.service", NEW)), List.of(global("mon.service", SLEEP)),
                        false, List.of("REPLACE mon.service launched rolling mon.service"), 0),
                Arguments.of("a global unit that is not running is replaced everywhere at once",
                        List.of(globalLocal("mon.service", NEW)),
                        List.of(new ClusterUnit("mon.service", global("mon.service", SLEEP).stored(), "loaded", false)),
                        false, List.of("REPLACE mon.service launched"), 0),
                Arguments.of("a global unit whose new body is not global is replaced at once",
                        List.of(local("mon.service", NEW)), List.of(global("mon.service", SLEEP)),
                        false, List.of("REPLACE mon.service launched"), 0),
                Arguments.of("prune destroys only this set's units that the tree lost",
                        List.of(local("a.service", SLEEP)),
                        List.of(cluster("a.service", SLEEP, "launched", "default"),
                                cluster("gone.service", SLEEP, "launched", "default"),
                                cluster("by-hand.service", SLEEP, "launched", null),
                                cluster("theirs.service", SLEEP, "launched", "other")),
                        true, List.of("DESTROY gone.service"), 1),
                Arguments.of("without --prune nothing is destroyed",
                        List.of(), List.of(cluster("gone.service", SLEEP, "launched", "default")),
                        false, List.of(), 0),
                Arguments.of("actions come creates, replaces, state changes, destroys, each by name",
                        List.of(local("z.service", SLEEP), local("y.service", NEW), local("x.service", SLEEP,
                                DesiredState.INACTIVE), local("b.service", SLEEP)),
                        List.of(cluster("y.service", SLEEP, "launched", "default"),
                                cluster("x.service", SLEEP, "launched", "default"),
                                cluster("a.service", SLEEP, "launched", "default")),
                        true, List.of("CREATE b.service launched", "CREATE z.service launched",
                                "REPLACE y.service launched", "SET_STATE x.service inactive", "DESTROY a.service"), 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void plans(String why, List<LocalUnit> tree, List<ClusterUnit> cluster, boolean prune, List<String> expected,
            int unchanged) {
        Plan plan = Planner.plan(tree, cluster, "default", prune);
        assertThat(plan.actions()).extracting(PlannerTest::describe).as(why).containsExactlyElementsOf(expected);
        assertThat(plan.unchanged()).as(why).isEqualTo(unchanged);
        assertThat(plan.hasChanges()).as(why).isEqualTo(!expected.isEmpty());
    }

    private static String describe(Action a) {
        return a.kind() + " " + a.name() + (a.target() == null ? "" : " " + a.target().wireName())
                + (a.rolling() ? " rolling " + a.rollout() : "");
    }

    static ClusterUnit failed(String name, String exec) {
        ClusterUnit c = cluster(name, exec, "launched", "default");
        return new ClusterUnit(c.name(), c.stored(), c.desiredState(), true);
    }

    @org.junit.jupiter.api.Test
    void aRolloutIsHeldWhileAnInstanceOnTheNewBodyIsFailed() {
        List<LocalUnit> tree = List.of(local("web@1.service", NEW), local("web@2.service", NEW),
                local("web@3.service", NEW), local("db.service", NEW));
        List<ClusterUnit> cluster = List.of(cluster("web@1.service", NEW, "launched", "default"),
                failed("web@2.service", NEW), cluster("web@3.service", SLEEP, "launched", "default"),
                cluster("db.service", SLEEP, "launched", "default"));
        Plan plan = Planner.plan(tree, cluster, "default", false);
        assertThat(plan.actions()).extracting(PlannerTest::describe).containsExactly("REPLACE db.service launched");
        assertThat(plan.held()).containsOnlyKeys("web@.service");
        assertThat(plan.held().get("web@.service")).startsWith("web@2.service is failed in systemd with the new "
                + "version");
        assertThat(plan.hasChanges()).isTrue();
    }

    @org.junit.jupiter.api.Test
    void aGlobalRolloutIsHeldWhileItsNewBodyIsFailedOnAMachineAndAFixedBodyIsNot() {
        LocalUnit broken = globalLocal("mon.service", NEW);
        String brokenHash = UnitFile.of(ApplyKeys.forCluster(broken.body(), "default")).hash().hex();
        ClusterUnit old = global("mon.service", SLEEP);
        ClusterUnit rolling = new ClusterUnit("mon.service", old.stored(), "launched", true,
                new UnitRolloutEntity(brokenHash, List.of("m1", "m2", "m3"), List.of("m1", "m2"), 1), Set.of(brokenHash));

        Plan again = Planner.plan(List.of(broken), List.of(rolling), "default", false);
        assertThat(again.actions()).isEmpty();
        assertThat(again.held().get("mon.service")).startsWith("mon.service is failed in systemd with the new version");

        Plan fixed = Planner.plan(List.of(globalLocal("mon.service", "/bin/sleep 2000")), List.of(rolling), "default",
                false);
        assertThat(fixed.held()).isEmpty();
        assertThat(fixed.actions()).extracting(Action::rollout).containsExactly("mon.service");

        ClusterUnit failedOnTheOldBody = new ClusterUnit("mon.service", old.stored(), "launched", true,
                rolling.rollout(), Set.of(UnitFile.of(old.stored().options()).hash().hex()));
        assertThat(Planner.plan(List.of(broken), List.of(failedOnTheOldBody), "default", false).held()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aFailedInstanceOnTheOldBodyHoldsNothing(String why, List<LocalUnit> tree, List<ClusterUnit> cluster,
            boolean prune, List<String> expected, int unchanged) {
        List<ClusterUnit> allFailed = cluster.stream()
                .map(c -> new ClusterUnit(c.name(), c.stored(), c.desiredState(), true)).toList();
        assertThat(Planner.plan(tree, allFailed, "default", prune).held()).as(why).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reasons")
    void everyActionSaysWhy(String why, LocalUnit local, ClusterUnit existing, String reason) {
        Plan plan = Planner.plan(local == null ? List.of() : List.of(local),
                existing == null ? List.of() : List.of(existing), "default", true);
        assertThat(plan.actions()).singleElement().extracting(Action::reason).as(why).isEqualTo(reason);
    }

    static Stream<Arguments> reasons() {
        return Stream.of(
                Arguments.of("create", local("a.service", SLEEP), null, "not in the cluster"),
                Arguments.of("replace with a state change", local("a.service", NEW, DesiredState.LOADED),
                        cluster("a.service", SLEEP, "launched", null),
                        "body differs from units/a.service; desired state launched -> loaded"),
                Arguments.of("rolled instance", local("web@1.service", NEW),
                        cluster("web@1.service", SLEEP, "launched", "default"),
                        "body differs from units/web@1.service; rolled with the other instances of web@.service"),
                Arguments.of("global", globalLocal("mon.service", NEW), global("mon.service", SLEEP),
                        "body differs from units/mon.service; rolled out machine by machine"),
                Arguments.of("state", local("a.service", SLEEP, DesiredState.LOADED),
                        cluster("a.service", SLEEP, "launched", "default"), "desired state launched -> loaded"),
                Arguments.of("destroy", null, cluster("gone.service", SLEEP, "launched", "default"),
                        "created by apply (set default) and no longer in the tree"));
    }
}
