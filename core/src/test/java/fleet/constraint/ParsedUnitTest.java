package fleet.constraint;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import fleet.unit.UnitFile;
import fleet.unit.UnitName;

/** The one model of a unit, and the one rule for {@code Global=} that the registry, engine, agent and fleetctl share. */
class ParsedUnitTest {
    static ParsedUnit parse(String name, String text) throws Exception {
        return ParsedUnit.of(UnitName.parse(name), UnitFile.parse(text));
    }

    static ParsedUnit withXFleet(String xfleet) throws Exception {
        return parse("a.service", "[Service]\nExecStart=/bin/true\n[X-Fleet]\n" + xfleet);
    }

    /** fleet v1.0: truthy values in any case; a value in double quotes is unquoted (and split on spaces) first. */
    @ParameterizedTest(name = "Global={0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "true | true", "True | true", "TRUE | true", "yes | true", "YES | true", "1 | true", "on | true",
        "t | true", "T | true",
        "\"true\" | true", "\"TRUE\" | true", "\"yes\" | true", "\"1\" | true",
        "\"false\" \"true\" | true", "\"true\" \"false\" | false",
        "false | false", "no | false", "0 | false", "off | false", "y | false", "2 | false",
        "'' | false", "\"\" | false",
        "\"true | false", "true\" | false", "'''true''' | false", "\" true\" | false"})
    void globalIsDecidedByFleetsRule(String value, boolean global) throws Exception {
        ParsedUnit unit = withXFleet("Global=" + value + "\n");
        assertThat(unit.readable()).isTrue();
        assertThat(unit.global()).isEqualTo(global);
    }

    @Test
    void theLastGlobalLineWins() throws Exception {
        assertThat(withXFleet("Global=\"true\"\nGlobal=no\n").global()).isFalse();
        assertThat(withXFleet("Global=no\nGlobal=\"yes\"\n").global()).isTrue();
    }

    @Test
    void aReadableUnitCarriesItsRequirementsResourcesAndWarnings() throws Exception {
        ParsedUnit unit = parse("web@2.service", "[Service]\nExecStart=/bin/web\nMemoryMax=512M\nCPUQuota=50%\n"
                + "[X-Fleet]\nConflicts=web@*.service\nMachineOf=db@%i.service\nColour=blue\n");
        assertThat(unit.name()).isEqualTo(UnitName.parse("web@2.service"));
        assertThat(unit.hash()).isEqualTo(unit.file().hash());
        assertThat(unit.requirements().conflicts()).containsExactly("web@*.service");
        assertThat(unit.requirements().machineOf()).containsExactly("db@2.service");
        assertThat(unit.resources()).isEqualTo(new Resources(500, 512L << 20));
        assertThat(unit.warnings()).containsExactly("unknown option Colour in [X-Fleet] ignored");
        assertThat(unit.problem()).isEmpty();
    }

    @Test
    void invalidRequirementsAreAProblemWithFleetsTextAndMakeNoGlobal() throws Exception {
        ParsedUnit unit = withXFleet("Global=true\nMachineOf=b.service\n");
        assertThat(unit.readable()).isFalse();
        assertThat(unit.problem()).contains("Global cannot be used with Peers");
        assertThat(unit.global()).isFalse();
        assertThat(unit.requirements()).isEqualTo(Requirements.NONE);
    }

    @Test
    void anUnreadableResourceRequestIsAProblemNamingTheDirective() throws Exception {
        ParsedUnit unit = parse("a.service", "[Service]\nExecStart=/bin/true\nCPUQuota=half\n");
        assertThat(unit.problem())
                .contains("[Service] CPUQuota=half: not a percentage greater than 0 (e.g. 50% or 200%)");
        assertThat(unit.resources()).isEqualTo(Resources.NONE);
    }
}
