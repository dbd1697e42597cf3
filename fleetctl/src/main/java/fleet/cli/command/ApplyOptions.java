package fleet.cli.command;

import fleet.cli.api.FleetApi;
import fleet.cli.apply.ApplyKeys;
import fleet.cli.apply.ClusterUnit;
import fleet.cli.apply.Plan;
import fleet.cli.apply.Planner;
import fleet.cli.apply.UnitTree;
import fleet.schema.UnitStateEntity;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What diff and apply share: the paths, --prune and --set, and the plan they make of them. */
final class ApplyOptions {
    @Parameters(paramLabel = "PATH", arity = "0..*",
            description = "Unit files, or directories of them (instance symlinks such as web@1.service -> "
                    + "web@.service are instances)")
    List<Path> paths;

    @Option(names = "--prune", description = "Include destroying the units that apply created for this set and "
            + "that are no longer in PATH (never units created another way)")
    boolean prune;

    @Option(names = "--set", paramLabel = "NAME", defaultValue = ApplyKeys.DEFAULT_SET,
            description = "The apply set: units are marked [X-Fleet] ApplySet=NAME, and --prune looks only at "
                    + "this set's units (default: ${DEFAULT-VALUE})")
    String set;

    /** Reads the tree, then every unit of the cluster and every unit state (one listing each), and plans. */
    Plan plan(FleetApi api) {
        if (set.isBlank() || !set.equals(set.strip()) || set.contains("\n")) {
            throw CliException.error("--set must be a non-empty name without surrounding blanks, got \"" + set + "\"");
        }
        var tree = UnitTree.read(paths == null ? List.of() : paths);
        Map<String, Set<String>> failedWith = new HashMap<>();
        for (UnitStateEntity s : api.listStates(null, null)) {
            if ("failed".equals(s.systemdActiveState())) {
                failedWith.computeIfAbsent(s.name(), n -> new HashSet<>()).add(String.valueOf(s.hash()));
            }
        }
        List<ClusterUnit> cluster = api.listUnits().stream()
                .map(u -> ClusterUnit.of(u, failedWith.getOrDefault(u.name(), Set.of()))).toList();
        return Planner.plan(tree, cluster, set, prune);
    }
}
