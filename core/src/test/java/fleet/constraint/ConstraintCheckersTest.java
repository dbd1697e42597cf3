package fleet.constraint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each checker alone, against a tiny hand-written host, with the words of its veto. */
class ConstraintCheckersTest {

    /** A host over a plain list of units: the simplest faithful implementation of {@link Host}. */
    record ListHost(String id, Map<String, String> metadata, List<Candidate> units, Resources free) implements Host {
        @Override
        public boolean runs(String unitName) {
            return units.stream().anyMatch(u -> u.name().equals(unitName));
        }

        @Override
        public Optional<String> unitMatching(List<String> patterns) {
            return units.stream().map(Candidate::name).filter(n -> patterns.stream().anyMatch(p -> Glob.matches(p, n)))
                    .findFirst();
        }

        @Override
        public Optional<PatternOwner> unitConflictingWith(String name) {
            for (Candidate u : units) {
                for (String p : u.requirements().conflicts()) {
                    if (Glob.matches(p, name)) {
                        return Optional.of(new PatternOwner(u.name(), p));
                    }
                }
            }
            return Optional.empty();
        }

        @Override
        public Optional<PatternOwner> unitReplacing(String name, List<String> replacedByName) {
            for (Candidate u : units) {
                for (String p : u.requirements().replaces()) {
                    if (Glob.matches(p, name) && replacedByName.stream().noneMatch(r -> Glob.matches(r, u.name()))) {
                        return Optional.of(new PatternOwner(u.name(), p));
                    }
                }
            }
            return Optional.empty();
        }
    }

    static Requirements req(Optional<String> id, List<String> of, Map<String, Set<String>> md, List<String> conflicts,
                            List<String> replaces) {
        return new Requirements(id, of, md, conflicts, false, replaces);
    }

    static Candidate unit(String name, Requirements r) {
        return new Candidate(name, r, Resources.NONE);
    }

    static final ListHost NODE = new ListHost("5678abcd00000000000000000000ffff", Map.of("role", "node"), List.of(),
            Resources.UNBOUNDED);

    static String reason(Optional<Veto> v) {
        return v.map(Veto::reason).orElse("ok");
    }

    @Test
    void machineId() {
        MachineIdConstraint c = new MachineIdConstraint();
        Requirements full = req(Optional.of("5678abcd00000000000000000000ffff"), List.of(), Map.of(), List.of(), List.of());
        Requirements shortId = req(Optional.of("5678abcd"), List.of(), Map.of(), List.of(), List.of());
        Requirements other = req(Optional.of("1234abcd"), List.of(), Map.of(), List.of(), List.of());
        assertThat(reason(c.check(unit("a.service", full), NODE))).isEqualTo("ok");
        assertThat(reason(c.check(unit("a.service", shortId), NODE))).isEqualTo("ok");
        assertThat(reason(c.check(unit("a.service", other), NODE))).isEqualTo("machine ID is 5678abcd..., required 1234abcd");
        assertThat(reason(c.check(unit("a.service", Requirements.NONE), NODE))).isEqualTo("ok");
    }

    @Test
    void metadata() {
        MachineMetadataConstraint c = new MachineMetadataConstraint();
        assertThat(reason(c.check(unit("a", req(Optional.empty(), List.of(), Map.of("role", Set.of("master")),
                List.of(), List.of())), NODE))).isEqualTo("requires role=master, has role=node");
        assertThat(reason(c.check(unit("a", req(Optional.empty(), List.of(), Map.of("role", Set.of("node", "master")),
                List.of(), List.of())), NODE))).isEqualTo("ok");
        assertThat(reason(c.check(unit("a", req(Optional.empty(), List.of(), Map.of("role", Set.of("node"),
                "disk", Set.of("ssd")), List.of(), List.of())), NODE))).isEqualTo("requires disk=ssd, has no disk");
    }

    @Test
    void machineOf() {
        MachineOfConstraint c = new MachineOfConstraint(u -> u.equals("db.service") ? Optional.empty() : Optional.of("m2"));
        ListHost host = new ListHost("m1", Map.of(), List.of(unit("cache.service", Requirements.NONE)), Resources.UNBOUNDED);
        assertThat(reason(c.check(unit("app", req(Optional.empty(), List.of("cache.service"), Map.of(), List.of(),
                List.of())), host))).isEqualTo("ok");
        assertThat(reason(c.check(unit("app", req(Optional.empty(), List.of("cache.service", "db.service"), Map.of(),
                List.of(), List.of())), host))).isEqualTo("MachineOf db.service which is not scheduled");
        assertThat(reason(c.check(unit("app", req(Optional.empty(), List.of("web.service"), Map.of(), List.of(),
                List.of())), host))).isEqualTo("MachineOf web.service which is on m2");
    }

    @Test
    void conflictsBothWays() {
        ConflictsConstraint c = new ConflictsConstraint();
        ListHost host = new ListHost("m1", Map.of(), List.of(unit("web@1.service",
                req(Optional.empty(), List.of(), Map.of(), List.of("lb*"), List.of()))), Resources.UNBOUNDED);
        assertThat(reason(c.check(unit("web@2.service", req(Optional.empty(), List.of(), Map.of(),
                List.of("web@*.service"), List.of())), host))).isEqualTo("conflicts with web@1.service");
        assertThat(reason(c.check(unit("lb.service", Requirements.NONE), host)))
                .isEqualTo("conflicts with web@1.service (its Conflicts=lb*)");
        assertThat(reason(c.check(unit("db.service", Requirements.NONE), host))).isEqualTo("ok");
    }

    @Test
    void replacedByIgnoringCircularReplaces() {
        ReplacedByConstraint c = new ReplacedByConstraint();
        ListHost host = new ListHost("m1", Map.of(), List.of(unit("new.service",
                req(Optional.empty(), List.of(), Map.of(), List.of(), List.of("old.service")))), Resources.UNBOUNDED);
        assertThat(reason(c.check(unit("old.service", Requirements.NONE), host)))
                .isEqualTo("replaced by new.service (its Replaces=old.service)");
        assertThat(reason(c.check(unit("old.service", req(Optional.empty(), List.of(), Map.of(), List.of(),
                List.of("new.service"))), host))).isEqualTo("ok");
    }

    @Test
    void capacity() {
        CapacityConstraint c = new CapacityConstraint();
        ListHost host = new ListHost("m1", Map.of(), List.of(), new Resources(250, 256L << 20));
        assertThat(reason(c.check(new Candidate("a", Requirements.NONE, new Resources(0, 512L << 20)), host)))
                .isEqualTo("needs 512 MiB, 256 MiB free");
        assertThat(reason(c.check(new Candidate("a", Requirements.NONE, new Resources(500, 1L << 20)), host)))
                .isEqualTo("needs 500m CPU, 250m CPU free");
        assertThat(reason(c.check(new Candidate("a", Requirements.NONE, new Resources(250, 256L << 20)), host)))
                .isEqualTo("ok");
        assertThat(Resources.formatBytes(1536L << 20)).isEqualTo("1.5 GiB");
    }
}
