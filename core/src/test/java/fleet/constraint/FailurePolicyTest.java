package fleet.constraint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import fleet.unit.UnitFile;
import fleet.unit.UnitName;

class FailurePolicyTest {
    @ParameterizedTest
    @CsvSource({"3 in 10m,3,600,3 in 10m", "1 in 30s,1,30,1 in 30s", "5  in  1h30m,5,5400,5 in 1h30m",
            "2 in 90s,2,90,2 in 1m30s", "100 in 24h,100,86400,100 in 24h"})
    void readsCountAndWindow(String value, int count, long seconds, String shown) throws Exception {
        FailurePolicy p = FailurePolicy.parse(value);
        assertThat(p.count()).isEqualTo(count);
        assertThat(p.window()).isEqualTo(Duration.ofSeconds(seconds));
        assertThat(p).hasToString(shown);
    }

    @ParameterizedTest
    @ValueSource(strings = {"3", "three in 10m", "3 in", "3 in 10", "3 in 10d", "0 in 10m", "101 in 10m",
            "3 in 0s", "3 in 25h", "3/10m", "-1 in 10m"})
    void refusesWhatIsNotCountInWindow(String value) {
        assertThatThrownBy(() -> FailurePolicy.parse(value)).isInstanceOf(InvalidRequirementsException.class)
                .hasMessageContaining("RescheduleOnFailure=" + value);
    }

    @Test
    void isReadFromXFleetAndOffWithoutIt() throws Exception {
        UnitName name = UnitName.parse("a.service");
        assertThat(XFleetParser.parse(name, UnitFile.parse("[Service]\nExecStart=/bin/false\n"))
                .rescheduleOnFailure()).isEmpty();
        assertThat(XFleetParser.parse(name, UnitFile.parse("[X-Fleet]\nRescheduleOnFailure=3 in 10m\n"))
                .rescheduleOnFailure()).contains(new FailurePolicy(3, Duration.ofMinutes(10)));
    }

    @Test
    void aBadValueOrAGlobalUnitMakesTheUnitUnreadable() throws Exception {
        UnitName name = UnitName.parse("a.service");
        assertThat(ParsedUnit.of(name, UnitFile.parse("[X-Fleet]\nRescheduleOnFailure=often\n")).problem())
                .contains("RescheduleOnFailure=often is not COUNT in WINDOW (for example 3 in 10m)");
        assertThat(ParsedUnit.of(name, UnitFile.parse("[X-Fleet]\nGlobal=true\nRescheduleOnFailure=3 in 10m\n"))
                .problem()).contains("Global cannot be used with RescheduleOnFailure");
    }
}
