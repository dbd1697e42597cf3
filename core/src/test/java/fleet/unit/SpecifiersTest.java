package fleet.unit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpecifiersTest {

    @ParameterizedTest(name = "{0} in {1} -> {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "%n             | foo@bar.service | foo@bar.service",
        "%N             | foo@bar.service | foo@bar",
        "%p             | foo@bar.service | foo",
        "%i             | foo@bar.service | bar",
        "%p.socket      | foo@bar.service | foo.socket",
        "hostname=coreos%i | web@3.service | hostname=coreos3",
        "%n             | foo.service     | foo.service",
        "%N             | foo.service     | foo",
        "%p             | foo.service     | foo",
        "'x%iy'         | foo.service     | xy",
        "%i             | foo@.service    | ''",
        "%p-%i-%n-%N    | a@b.timer       | a-b-a@b.timer-a@b",
        "100%%          | a@b.service     | 100%",
        "%%n            | a@b.service     | %n",
        "%%%n           | a@b.service     | %a@b.service",
        "%H %m %u       | a@b.service     | %H %m %u",
        "trailing %     | a@b.service     | trailing %",
        "no specifiers  | a@b.service     | no specifiers",
        "%i@x           | a@b@c.service   | b@c@x",
    })
    void expands(String value, String unit, String expected) {
        assertThat(Specifiers.expand(value, UnitName.trusted(unit))).isEqualTo(expected);
    }
}
