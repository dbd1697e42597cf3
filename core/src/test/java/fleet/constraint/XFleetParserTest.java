package fleet.constraint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fleet.unit.UnitFile;
import fleet.unit.UnitName;
import fleet.unit.UnitParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class XFleetParserTest {
    private static final String ID = "0123456789abcdef0123456789abcdef";

    private static XFleetParser.Result read(String unit, String xfleet) throws Exception {
        return XFleetParser.read(UnitName.parse(unit),
                UnitFile.parse("[Service]\nExecStart=/bin/true\n[X-Fleet]\n" + xfleet));
    }

    private static Requirements parse(String xfleet) throws Exception {
        return read("web@1.service", xfleet).requirements();
    }

    private static Requirements req(Optional<String> id, List<String> of, Map<String, Set<String>> md,
            List<String> conflicts, boolean global, List<String> replaces) {
        return new Requirements(id, of, md, conflicts, global, replaces);
    }

    static Stream<Arguments> options() {
        Optional<String> none = Optional.empty();
        return Stream.of(
                Arguments.of("nothing", "", Requirements.NONE),
                Arguments.of("MachineID first value", "MachineID=" + ID + "\nMachineID=abcdef01\n",
                        req(Optional.of(ID), List.of(), Map.of(), List.of(), false, List.of())),
                Arguments.of("MachineID short form", "MachineID=abcdef01\n",
                        req(Optional.of("abcdef01"), List.of(), Map.of(), List.of(), false, List.of())),
                Arguments.of("MachineID before X-ConditionMachineID", "X-ConditionMachineID=aaaaaaaa\nMachineID=bbbbbbbb\n",
                        req(Optional.of("bbbbbbbb"), List.of(), Map.of(), List.of(), false, List.of())),
                Arguments.of("X-ConditionMachineID", "X-ConditionMachineID=aaaaaaaa\n",
                        req(Optional.of("aaaaaaaa"), List.of(), Map.of(), List.of(), false, List.of())),
                Arguments.of("X-ConditionMachineBootID as MachineID, last resort",
                        "X-ConditionMachineBootID=cccccccc\n",
                        req(Optional.of("cccccccc"), List.of(), Map.of(), List.of(), false, List.of())),
                Arguments.of("X-ConditionMachineID before BootID",
                        "X-ConditionMachineBootID=cccccccc\nX-ConditionMachineID=aaaaaaaa\n",
                        req(Optional.of("aaaaaaaa"), List.of(), Map.of(), List.of(), false, List.of())),
                Arguments.of("MachineOf all values, merged with deprecated in file order",
                        "MachineOf=a.service\nX-ConditionMachineOf=b.service\nMachineOf=c.service\n",
                        req(none, List.of("a.service", "b.service", "c.service"), Map.of(), List.of(), false, List.of())),
                Arguments.of("MachineOf with specifiers", "MachineOf=%p.socket\nMachineOf=db@%i.service\n",
                        req(none, List.of("web.socket", "db@1.service"), Map.of(), List.of(), false, List.of())),
                Arguments.of("MachineOf quoted multi-value", "MachineOf=\"a.service\" \"b.service\"\n",
                        req(none, List.of("a.service", "b.service"), Map.of(), List.of(), false, List.of())),
                Arguments.of("MachineMetadata AND across keys, OR within",
                        "MachineMetadata=region=us\nMachineMetadata=\"disk=ssd\" \"region=eu\"\n"
                                + "X-ConditionMachineMetadata=role=web\n",
                        req(none, List.of(), Map.of("region", Set.of("us", "eu"), "disk", Set.of("ssd"),
                                "role", Set.of("web")), List.of(), false, List.of())),
                Arguments.of("MachineMetadata bad entries ignored",
                        "MachineMetadata=noequals\nMachineMetadata==v\nMachineMetadata=k=\nMachineMetadata=a=b=c\n"
                                + "MachineMetadata=\"ok=1\"  \"\"\n",
                        req(none, List.of(), Map.of("ok", Set.of("1")), List.of(), false, List.of())),
                Arguments.of("MachineMetadata with specifier", "MachineMetadata=hostname=coreos%i\n",
                        req(none, List.of(), Map.of("hostname", Set.of("coreos1")), List.of(), false, List.of())),
                Arguments.of("MachineMetadata value with spaces inside quotes",
                        "MachineMetadata=\"name=a b\" \"x=y\"\n",
                        req(none, List.of(), Map.of("name", Set.of("a b"), "x", Set.of("y")), List.of(), false, List.of())),
                Arguments.of("Conflicts whitespace-separated and several lines, with X-Conflicts",
                        "Conflicts=web@*.service  db.service\nX-Conflicts=cache.service\nConflicts=\tq?.service\n",
                        req(none, List.of(), Map.of(),
                                List.of("web@*.service", "db.service", "cache.service", "q?.service"), false, List.of())),
                Arguments.of("Conflicts with %p", "Conflicts=%p@*.service\n",
                        req(none, List.of(), Map.of(), List.of("web@*.service"), false, List.of())),
                Arguments.of("Replaces one per line", "Replaces=old.service\nReplaces=legacy@*.service\n",
                        req(none, List.of(), Map.of(), List.of(), false, List.of("old.service", "legacy@*.service"))),
                Arguments.of("Global with MachineMetadata and Conflicts", "Global=true\nMachineMetadata=a=1\nConflicts=x.service\n",
                        req(none, List.of(), Map.of("a", Set.of("1")), List.of("x.service"), true, List.of())),
                Arguments.of("MachineOf with non-matching Conflicts", "MachineOf=a.service\nConflicts=b*.service\n",
                        req(none, List.of("a.service"), Map.of(), List.of("b*.service"), false, List.of())),
                Arguments.of("MachineOf with non-matching Replaces", "MachineOf=a.service\nReplaces=b.service\n",
                        req(none, List.of("a.service"), Map.of(), List.of(), false, List.of("b.service"))),
                Arguments.of("other sections are not read", "",
                        Requirements.NONE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("options")
    void reads(String what, String xfleet, Requirements expected) throws Exception {
        assertThat(parse(xfleet)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "Global={0} -> {1}")
    @CsvSource({"true, true", "TRUE, true", "yes, true", "Yes, true", "1, true", "on, true", "ON, true", "t, true",
        "T, true", "false, false", "no, false", "0, false", "off, false", "y, false", "2, false", "'', false",
        "' true', true"})
    void globalTruthiness(String value, boolean expected) throws Exception {
        assertThat(parse("Global=" + value + "\n").global()).isEqualTo(expected);
    }

    @Test
    void lastGlobalWins() throws Exception {
        assertThat(parse("Global=true\nGlobal=false\n").global()).isFalse();
        assertThat(parse("Global=no\nGlobal=yes\n").global()).isTrue();
        assertThat(parse("Global=true\nGlobal=\n").global()).isFalse();
    }

    static Stream<Arguments> invalidCombinations() {
        return Stream.of(
                Arguments.of("MachineID=" + ID + "\nMachineOf=a.service\n", "MachineID cannot be used with Peers"),
                Arguments.of("X-ConditionMachineID=" + ID + "\nX-ConditionMachineOf=a.service\n",
                        "MachineID cannot be used with Peers"),
                Arguments.of("MachineID=" + ID + "\nConflicts=a.service\n", "MachineID cannot be used with Conflicts"),
                Arguments.of("MachineID=" + ID + "\nX-Conflicts=a.service\n", "MachineID cannot be used with Conflicts"),
                Arguments.of("MachineID=" + ID + "\nGlobal=true\n", "MachineID cannot be used with Global"),
                Arguments.of("X-ConditionMachineBootID=" + ID + "\nGlobal=yes\n", "MachineID cannot be used with Global"),
                Arguments.of("MachineID=" + ID + "\nReplaces=a.service\n", "MachineID cannot be used with Replaces"),
                Arguments.of("Global=true\nMachineOf=a.service\n", "Global cannot be used with Peers"),
                Arguments.of("Global=on\nReplaces=a.service\n", "Global cannot be used with Replaces"),
                Arguments.of("Conflicts=a.service\nReplaces=b.service\n", "Conflicts cannot be used with Replaces"),
                Arguments.of("Global=true\nAtMostOneCopy=true\n", "Global cannot be used with AtMostOneCopy"),
                Arguments.of("MachineOf=db.service\nConflicts=d*.service\n",
                        "unresolvable requirements: peer \"db.service\" matches conflict \"d*.service\""),
                Arguments.of("MachineOf=%p.socket\nConflicts=x.service web.*\n",
                        "unresolvable requirements: peer \"web.socket\" matches conflict \"web.*\""),
                Arguments.of("X-ConditionMachineOf=db@1.service\nReplaces=db@*.service\n",
                        "unresolvable requirements: peer \"db@1.service\" matches replace \"db@*.service\""));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("invalidCombinations")
    void refusesInvalidCombinations(String xfleet, String message) {
        assertThatThrownBy(() -> parse(xfleet)).isInstanceOf(InvalidRequirementsException.class)
                .hasMessage(message);
    }

    @Test
    void atMostOneCopyIsOffUnlessAskedForAndCombinesWithPlacementOptions() throws Exception {
        assertThat(parse("").atMostOneCopy()).isFalse();
        assertThat(parse("AtMostOneCopy=false\n").atMostOneCopy()).isFalse();
        Requirements r = parse("AtMostOneCopy=yes\nMachineMetadata=role=db\nConflicts=db@*.service\n");
        assertThat(r.atMostOneCopy()).isTrue();
        assertThat(r.metadata()).containsKey("role");
        assertThat(read("web@1.service", "AtMostOneCopy=true\n").warnings()).as("a known option").isEmpty();
    }

    @Test
    void globalFalseDoesNotConflictWithMachineId() throws Exception {
        assertThat(parse("MachineID=" + ID + "\nGlobal=false\n").machineId()).contains(ID);
    }

    @Test
    void warnsAboutWhatFleetIgnoredSilently() throws Exception {
        List<String> warnings = read("web@1.service", "Foo=bar\nMachineMetadata=nokey\nX-Conflicts=a.service\n"
                + "MachineOf=\nConflicts=[bad\nMachineOf=not a unit\n").warnings();
        assertThat(warnings).containsExactlyInAnyOrder(
                "unknown option Foo in [X-Fleet] ignored",
                "MachineMetadata entry \"nokey\" ignored: expected key=value",
                "[X-Fleet] X-Conflicts is deprecated; use Conflicts",
                "empty MachineOf value ignored",
                "Conflicts pattern [bad is malformed and matches no unit",
                "MachineOf not a unit is not a valid unit name; it can never be satisfied");
    }

    @Test
    void warnsAboutMachineIdUse() throws Exception {
        assertThat(read("a.service", "MachineID=aaaaaaaa\nMachineID=bbbbbbbb\n").warnings())
                .containsExactly("MachineID given 2 times; only the first, aaaaaaaa, is used");
        assertThat(read("a.service", "MachineID=node-1\n").warnings()).singleElement().asString()
                .contains("neither a 32-character machine ID");
    }

    @Test
    void noWarningsForAPlainUnit() throws Exception {
        assertThat(read("a.service", "MachineMetadata=a=1\nConflicts=b.service\n").warnings()).isEmpty();
    }

    @Test
    void onlyTheXFleetSectionIsRead() throws UnitParseException, InvalidRequirementsException {
        UnitFile file = UnitFile.parse("[Unit]\nConflicts=other.service\n[Service]\nGlobal=true\n");
        assertThat(XFleetParser.parse(UnitName.trusted("a.service"), file)).isEqualTo(Requirements.NONE);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "plain                 | plain",
        "'\"a=1\" \"b=2\"'     | a=1,b=2",
        "'\"a b\"'             | a b",
        "'\"a\"  \"b\"'        | a,,b",
        "'\"a'                 | \"a",
        "'a\"'                 | a\"",
        "'\"\"'                | ''",
        "'\"a c\" d \"e\"'     | a c,d,e",
        "'x \"a\"'             | x \"a\"",
    })
    void quotingRule(String value, String expected) {
        assertThat(XFleetValues.split(value)).containsExactly(expected.split(",", -1));
    }

    @Test
    void requirementHelpers() throws Exception {
        Requirements r = parse("MachineMetadata=region=us\nMachineMetadata=region=eu\nMachineMetadata=disk=ssd\n"
                + "Conflicts=db@*.service\n");
        assertThat(r.conflictsWith("db@2.service")).isTrue();
        assertThat(r.conflictsWith("web@2.service")).isFalse();
        assertThat(r.metadataAllows(Map.of("region", "eu", "disk", "ssd", "x", "y"))).isTrue();
        assertThat(r.metadataAllows(Map.of("region", "asia", "disk", "ssd"))).isFalse();
        assertThat(r.metadataAllows(Map.of("region", "us"))).isFalse();
        assertThat(Requirements.NONE.metadataAllows(Map.of())).isTrue();
        assertThat(r.metadata().get("region")).containsExactly("us", "eu");
    }
}
