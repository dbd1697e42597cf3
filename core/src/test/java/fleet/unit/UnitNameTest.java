package fleet.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UnitNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"a.service", "foo.socket", "foo@.service", "foo@bar.service", "foo@bar.timer",
        "foo@bar.path", "foo@bar.target", "foo@bar.socket", "a.automount", "a.busname", "a.device", "a.mount",
        "a.scope", "a.slice", "a.snapshot", "a.swap", "a.target", "A-Z_0:9.service", "my.app.service",
        "mnt-foo\\x2dbar.mount", "foo@bar@baz.service", "foo@a.b.service", "x.service.service"})
    void valid(String name) throws InvalidUnitNameException {
        assertThat(UnitName.isValid(name)).isTrue();
        assertThat(UnitName.parse(name).name()).isEqualTo(name);
    }

    @Test
    void lengthLimitIs255LikeSystemdsFileNames() {
        // systemd's UNIT_NAME_MAX is 256 with the NUL, and a file name stops at 255 bytes
        String max = "a".repeat(255 - ".service".length()) + ".service";
        assertThat(UnitName.isValid(max)).isTrue();
        assertThat(UnitName.isValid("a" + max)).isFalse();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "''                  | unit name cannot be empty",
        "foo                 | must contain \".\"",
        "foo.                | cannot end in \".\"",
        "foo.txt             | invalid unit type \"txt\"",
        "foo.Service         | invalid unit type",
        "foo@bar.mount       | template or instance",
        "foo@.device         | template or instance",
        "@.service           | cannot start with \"@\"",
        "@foo.service        | cannot start with \"@\"",
        "path/to/foo.service | invalid character '/'",
        "../foo.service      | invalid character '/'",
        "..service           | contains \"..\"",
        "foo..service        | contains \"..\"",
        "a..b.service        | contains \"..\"",
        "foo bar.service     | invalid character ' '",
        "foo$.service        | invalid character '$'",
        "caf\u00e9.service   | invalid character '\u00e9'",
        "foo.service/..      | cannot end in \".\"",
    })
    void invalid(String name, String message) {
        assertThat(UnitName.isValid(name)).isFalse();
        assertThatThrownBy(() -> UnitName.parse(name)).isInstanceOf(InvalidUnitNameException.class)
                .hasMessageContaining(message);
    }

    @ParameterizedTest
    @ValueSource(chars = {0, '\n', '\r', '\t', 0x1b, 0x7f, 0x85})
    void controlCharactersAreRefused(char c) {
        String name = "foo" + c + ".service";
        assertThat(UnitName.isValid(name)).isFalse();
        assertThatThrownBy(() -> UnitName.parse(name)).hasMessageContaining("invalid character");
    }

    @Test
    void aSuffixAloneIsNoName() {
        assertThatThrownBy(() -> UnitName.parse(".service")).hasMessageContaining("\".service\": has an empty name before its suffix");
    }

    @Test
    void tooLongMessage() {
        assertThatThrownBy(() -> UnitName.parse("a".repeat(300) + ".service"))
                .hasMessageContaining("exceeds maximum length (255)")
                .hasMessageContaining("...");
    }

    @Test
    void controlCharactersAreShownEscapedInMessages() {
        assertThatThrownBy(() -> UnitName.parse("a\u001b[2J.service")).hasMessageContaining("\"a\\x1b[2J.service\"");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "foo, foo.service",
        "foo.service, foo.service",
        "foo.socket, foo.socket",
        "foo.timer, foo.timer",
        "foo.path, foo.path",
        "foo.device, foo.device",
        "foo.mount, foo.mount",
        "foo.automount, foo.automount",
        "foo.target, foo.target.service",
        "foo.slice, foo.slice.service",
        "path/to/foo@1.service, foo@1.service",
        "/abs/path/foo, foo.service",
        "dir/foo.socket/, foo.socket",
        "./foo@.service, foo@.service",
        "my.app, my.app.service",
    })
    void fleetctlMangling(String argument, String expected) {
        assertThat(UnitName.fromCliArgument(argument)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // name,           prefix, instance, withoutSuffix, suffix, template, instance?, templateName
        "foo.service,      foo,    '',       foo,           service, false, false, ''",
        "foo@.service,     foo,    '',       foo@,          service, true,  false, ''",
        "foo@bar.service,  foo,    bar,      foo@bar,       service, false, true,  foo@.service",
        "a.b@c.d.socket,   a.b,    c.d,      a.b@c.d,       socket,  false, true,  a.b@.socket",
        "x@y@z.timer,      x,      y@z,      x@y@z,         timer,   false, true,  x@.timer",
    })
    void parts(String name, String prefix, String instance, String withoutSuffix, String suffix,
            boolean template, boolean isInstance, String templateName) throws InvalidUnitNameException {
        UnitName unit = UnitName.parse(name);
        assertThat(unit.prefix()).isEqualTo(prefix);
        assertThat(unit.instance()).isEqualTo(instance);
        assertThat(unit.withoutSuffix()).isEqualTo(withoutSuffix);
        assertThat(unit.suffix()).isEqualTo(suffix);
        assertThat(unit.isTemplate()).isEqualTo(template);
        assertThat(unit.isInstance()).isEqualTo(isInstance);
        if (isInstance) {
            assertThat(unit.templateName()).isEqualTo(templateName);
        } else {
            assertThatThrownBy(unit::templateName).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void equalityByName() {
        assertThat(UnitName.trusted("a.service")).isEqualTo(UnitName.trusted("a.service"))
                .hasSameHashCodeAs(UnitName.trusted("a.service"))
                .isNotEqualTo(UnitName.trusted("b.service"));
    }
}
