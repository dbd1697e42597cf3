package fleet.cli.api;

import static org.assertj.core.api.Assertions.assertThat;

import fleet.schema.UnitEntity;
import fleet.unit.UnitOption;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** fleetctl calls a unit global exactly when fleetd does (the rule itself is tested in core's ParsedUnitTest). */
class UnitEntitiesTest {
    @ParameterizedTest(name = "Global={0} -> {1}")
    @CsvSource(delimiter = '|', value = {"true | true", "Yes | true", "\"true\" | true", "\"true\" \"no\" | false",
        "no | false", "\"true | false"})
    void globalAsFleetdDecidesIt(String value, boolean global) {
        UnitEntity unit = new UnitEntity("a.service", UnitEntities.toWire(List.of(
                new UnitOption("Service", "ExecStart", "/bin/true"), new UnitOption("X-Fleet", "Global", value))),
                "launched", null, null, null);
        assertThat(UnitEntities.isGlobal(unit)).isEqualTo(global);
    }
}
