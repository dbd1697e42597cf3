package fleet.units;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import fleet.cli.apply.LocalUnit;
import fleet.cli.apply.UnitTree;
import fleet.unit.DesiredState;

/**
 * units/examples is kept as a user keeps unit files in git: templates plus a symlink per instance,
 * so that {@code fleetctl apply units/examples} brings up the whole guestbook the demo starts.
 */
class ExamplesTreeTest {
    private final Path examples = ShippedUnits.folder("examples");
    private final Map<String, LocalUnit> tree = UnitTree.read(List.of(examples)).stream()
            .collect(Collectors.toMap(LocalUnit::name, Function.identity()));

    @Test
    void theTreeLaunchesEveryUnitTheDemoStarts() throws IOException {
        List<String> demo = demoUnits();
        assertThat(demo).hasSize(9);
        for (String name : demo) {
            assertThat(tree).containsKey(name);
            assertThat(tree.get(name).desired()).as(name).isEqualTo(DesiredState.LAUNCHED);
        }
        assertThat(tree.keySet()).containsExactlyInAnyOrderElementsOf(
                concat(demo, List.of("redis-replica@.service", "guestbook@.service", "guestbook-announce@.service")));
    }

    @Test
    void eachInstanceIsItsTemplatesBody() {
        tree.values().stream().filter(u -> u.template() != null).forEach(instance -> {
            assertThat(Files.isSymbolicLink(instance.source())).as(instance.name() + " is a symlink").isTrue();
            assertThat(instance.body()).as(instance.name()).isEqualTo(tree.get(instance.template()).body());
        });
    }

    /** DEMO_UNITS of bin/fleet-lab: what the demo starts with fleetctl start. */
    private List<String> demoUnits() throws IOException {
        String script = Files.readString(examples.getParent().getParent().resolve("bin/fleet-lab"));
        Matcher m = Pattern.compile("DEMO_UNITS=\\(([^)]*)\\)").matcher(script);
        assertThat(m.find()).as("DEMO_UNITS in bin/fleet-lab").isTrue();
        return Arrays.stream(m.group(1).split("\\s+")).filter(s -> !s.isEmpty()).toList();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }
}
