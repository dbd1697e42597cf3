package fleet.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import fleet.constraint.Requirements;

class GlobalUnitSelectorTest {
    static final Map<String, String> WEB_SSD = Map.of("role", "web", "disk", "ssd");

    static Requirements global(Map<String, Set<String>> metadata, String... conflicts) {
        return new Requirements(Optional.empty(), List.of(), metadata, List.of(conflicts), true, List.of());
    }

    static Requirements scheduled(String... conflicts) {
        return new Requirements(Optional.empty(), List.of(), Map.of(), List.of(conflicts), false, List.of());
    }

    static Map<String, Requirements> units(Object... nameAndReq) {
        Map<String, Requirements> m = new LinkedHashMap<>();
        for (int i = 0; i < nameAndReq.length; i += 2) {
            m.put((String) nameAndReq[i], (Requirements) nameAndReq[i + 1]);
        }
        return m;
    }

    static Stream<Arguments> table() {
        Requirements any = global(Map.of());
        return Stream.of(
                Arguments.of("no globals", units(), units(), List.of()),
                Arguments.of("a global without metadata runs everywhere", units(), units("g.service", any),
                        List.of("g.service")),
                Arguments.of("metadata matches (one of the values)", units(),
                        units("g.service", global(Map.of("role", Set.of("db", "web")))), List.of("g.service")),
                Arguments.of("metadata does not match", units(),
                        units("g.service", global(Map.of("role", Set.of("db")))), List.of()),
                Arguments.of("every key must match", units(),
                        units("g.service", global(Map.of("role", Set.of("web"), "disk", Set.of("hdd")))), List.of()),
                Arguments.of("a key this machine lacks does not match", units(),
                        units("g.service", global(Map.of("zone", Set.of("a")))), List.of()),
                Arguments.of("a global conflicting with a scheduled unit is refused",
                        units("app.service", scheduled()), units("g.service", global(Map.of(), "app*")), List.of()),
                Arguments.of("a scheduled unit conflicting with a global refuses it (other direction)",
                        units("app.service", scheduled("g.*")), units("g.service", any), List.of()),
                Arguments.of("of two conflicting globals the alphabetically-first wins", units(),
                        units("b.service", global(Map.of(), "a.service"), "a.service", any), List.of("a.service")),
                Arguments.of("first wins whichever side declares the conflict", units(),
                        units("b.service", any, "a.service", global(Map.of(), "b.service")), List.of("a.service")),
                Arguments.of("a global refused for metadata does not block a conflicting one", units(),
                        units("a.service", global(Map.of("role", Set.of("db")), "b.service"), "b.service", any),
                        List.of("b.service")),
                Arguments.of("unrelated globals all run, in name order", units("x.service", scheduled("y*")),
                        units("c.service", any, "a.service", any, "b.service", any),
                        List.of("a.service", "b.service", "c.service")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void selects(String title, Map<String, Requirements> scheduledHere, Map<String, Requirements> globals,
            List<String> expected) {
        GlobalUnitSelector.Selection s = GlobalUnitSelector.select(WEB_SSD, scheduledHere, globals);
        assertThat(s.accepted()).containsExactlyElementsOf(expected);
        assertThat(s.refused().keySet()).containsExactlyInAnyOrderElementsOf(
                globals.keySet().stream().filter(n -> !expected.contains(n)).toList());
        assertThat(s.refused().values()).allSatisfy(why -> assertThat(why).isNotBlank());
    }

    @Test
    void reasonsSayWhichUnitConflicts() {
        GlobalUnitSelector.Selection s = GlobalUnitSelector.select(WEB_SSD, units("app.service", scheduled()),
                units("g.service", global(Map.of(), "app.service"), "h.service", global(Map.of("role", Set.of("db")))));
        assertThat(s.refused()).containsEntry("g.service", "conflicts with app.service, which runs here");
        assertThat(s.refused().get("h.service")).contains("metadata").contains("role");
    }
}
