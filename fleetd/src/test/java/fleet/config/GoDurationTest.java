package fleet.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationTest {
    @ParameterizedTest(name = "{0} = {1} ns")
    @CsvSource({
            "30s, 30000000000", "1m30s, 90000000000", "500ms, 500000000", "1.5h, 5400000000000",
            "0, 0", "2h45m, 9900000000000", "1us, 1000", "1µs, 1000", "7ns, 7", "-1s, -1000000000",
            "+2s, 2000000000", ".5s, 500000000", "1.s, 1000000000", "1h1m1s1ms, 3661001000000"})
    void parsesGoSyntax(String text, long nanos) {
        assertThat(GoDuration.parse(text)).isEqualTo(Duration.ofNanos(nanos));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "s", "30", "1d", "1 s", "1m 30s", "abc", "1.2.3s", "--1s", "3000000h"})
    void rejectsWhatGoRejects(String text) {
        assertThatThrownBy(() -> GoDuration.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
