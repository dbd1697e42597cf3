package fleet.schedule;

import fleet.constraint.Glob;
import fleet.constraint.Host;
import fleet.constraint.Resources;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * One machine during a planning pass: the units it would run, indexed so that conflict and
 * replace questions cost a few hash lookups instead of a scan. Mutable, private to a pass.
 */
final class MachineSlot implements Host {
    final Machine machine;
    final int metadataClass;
    private final PatternIndex patterns;
    private final Map<String, Unit> units = new HashMap<>();
    /** pattern -> names of units here that it matches */
    private final Map<String, TreeSet<String>> matchedBy = new HashMap<>();
    /** pattern -> units here that declare it in Conflicts */
    private final Map<String, TreeSet<String>> conflictOwners = new HashMap<>();
    /** pattern -> units here that declare it in Replaces */
    private final Map<String, TreeSet<String>> replaceOwners = new HashMap<>();
    private Resources used;
    /** This slot's position in the strategy's order, as last filed. */
    SlotOrder.Key key;

    MachineSlot(Machine machine, int metadataClass, PatternIndex patterns) {
        this.machine = machine;
        this.metadataClass = metadataClass;
        this.patterns = patterns;
        this.used = machine.reserved();
    }

    void add(Unit u) {
        units.put(u.name(), u);
        used = used.plus(u.requests());
        for (String p : patterns.matching(u.name())) {
            matchedBy.computeIfAbsent(p, k -> new TreeSet<>()).add(u.name());
        }
        for (String p : u.requirements().conflicts()) {
            conflictOwners.computeIfAbsent(p, k -> new TreeSet<>()).add(u.name());
        }
        for (String p : u.requirements().replaces()) {
            replaceOwners.computeIfAbsent(p, k -> new TreeSet<>()).add(u.name());
        }
    }

    void remove(Unit u) {
        if (units.remove(u.name()) == null) {
            return;
        }
        used = new Resources(used.cpuMillis() - u.requests().cpuMillis(),
                used.memoryBytes() - u.requests().memoryBytes());
        for (String p : patterns.matching(u.name())) {
            drop(matchedBy, p, u.name());
        }
        for (String p : u.requirements().conflicts()) {
            drop(conflictOwners, p, u.name());
        }
        for (String p : u.requirements().replaces()) {
            drop(replaceOwners, p, u.name());
        }
    }

    private static void drop(Map<String, TreeSet<String>> index, String pattern, String name) {
        TreeSet<String> names = index.get(pattern);
        if (names != null && names.remove(name) && names.isEmpty()) {
            index.remove(pattern);
        }
    }

    /** Number of units here, global ones included: fleet's notion of load. */
    int load() {
        return units.size();
    }

    List<Unit> units() {
        return List.copyOf(units.values());
    }

    @Override
    public String id() {
        return machine.id();
    }

    @Override
    public Map<String, String> metadata() {
        return machine.metadata();
    }

    @Override
    public boolean runs(String unitName) {
        return units.containsKey(unitName);
    }

    @Override
    public Optional<String> unitMatching(List<String> wanted) {
        for (String p : wanted) {
            if (patterns.knows(p)) {
                TreeSet<String> names = matchedBy.get(p);
                if (names != null) {
                    return Optional.of(names.first());
                }
            } else {
                Optional<String> found = units.keySet().stream().filter(n -> Glob.matches(p, n)).sorted().findFirst();
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<PatternOwner> unitConflictingWith(String name) {
        return owner(conflictOwners, name, List.of());
    }

    @Override
    public Optional<PatternOwner> unitReplacing(String name, List<String> replacedByName) {
        return owner(replaceOwners, name, replacedByName);
    }

    private Optional<PatternOwner> owner(Map<String, TreeSet<String>> index, String name, List<String> skip) {
        if (index.isEmpty()) {
            return Optional.empty();
        }
        for (String p : patterns.matching(name)) {
            TreeSet<String> owners = index.get(p);
            if (owners == null) {
                continue;
            }
            for (String owner : owners) {
                if (!owner.equals(name) && skip.stream().noneMatch(s -> Glob.matches(s, owner))) {
                    return Optional.of(new PatternOwner(owner, p));
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public Resources free() {
        return machine.capacity().minus(used);
    }

    @Override
    public String toString() {
        return id();
    }
}
