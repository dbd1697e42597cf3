package fleet.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class UnitFileTest {
    private static final String HELLO = "[Unit]\nDescription=Hello\n\n[Service]\nExecStart=/bin/echo hi\n\n"
            + "[X-Fleet]\nMachineMetadata=region=us\n";
    /** Computed once outside Java: printf '<HELLO>' | sha1sum */
    private static final String HELLO_SHA1 = "b660069de422eaae03b65549539219818c6149d0";

    @Test
    void hashOfAKnownUnitIsTheSha1OfItsSerialization() throws UnitParseException {
        UnitFile unit = UnitFile.parse(HELLO);
        assertThat(unit.serialize()).isEqualTo(HELLO);
        assertThat(unit.hash().hex()).isEqualTo(HELLO_SHA1);
        assertThat(unit.hash().shortHex()).isEqualTo("b660069");
    }

    @Test
    void emptyUnitSerializesToNothing() {
        assertThat(UnitFile.of(List.of()).serialize()).isEmpty();
        assertThat(UnitFile.of(List.of()).hash().hex()).isEqualTo("da39a3ee5e6b4b0d3255bfef95601890afd80709");
    }

    static Stream<String> sameUnitWrittenDifferently() {
        return Stream.of(
                "# a comment\n[Unit]\n; another\nDescription = Hello  \n[Service]\n\n\nExecStart=/bin/echo hi\n"
                        + "[X-Fleet]\nMachineMetadata=region=us",
                "[Unit]\r\nDescription=Hello\r\n\r\n[Service]\r\nExecStart=/bin/echo hi\r\n\r\n[X-Fleet]\r\n"
                        + "MachineMetadata=region=us\r\n",
                "\uFEFF  [Unit]\n\tDescription=\tHello\n[Service]\nExecStart=/bin/echo hi\n[X-Fleet]\n"
                        + "MachineMetadata=region=us\n\n\n# trailing\n",
                "[Unit]\nDescription=Hello\n[Service]\nExecStart=/bin/echo\\\nhi\n[Unit]\n[X-Fleet]\n"
                        + "MachineMetadata=\\\n# comment inside a continuation\nregion=us\n");
    }

    @ParameterizedTest
    @MethodSource("sameUnitWrittenDifferently")
    void commentsAndLayoutDoNotChangeTheHash(String text) throws UnitParseException {
        assertThat(UnitFile.parse(text).hash().hex()).isEqualTo(HELLO_SHA1);
    }

    @Test
    void repeatedSectionsAreGroupedInOrderOfFirstAppearance() throws UnitParseException {
        UnitFile unit = UnitFile.parse("[B]\nx=1\n[A]\ny=2\n[B]\nz=3\n");
        assertThat(unit.serialize()).isEqualTo("[B]\nx=1\nz=3\n\n[A]\ny=2\n");
        assertThat(unit.grouped().options()).containsExactly(new UnitOption("B", "x", "1"),
                new UnitOption("B", "z", "3"), new UnitOption("A", "y", "2"));
        assertThat(unit.hash()).isEqualTo(unit.grouped().hash());
        assertThat(unit).isNotEqualTo(unit.grouped());
    }

    @Test
    void differentValuesGiveDifferentHashes() throws UnitParseException {
        assertThat(UnitFile.parse(HELLO.replace("hi", "ho")).hash()).isNotEqualTo(UnitFile.parse(HELLO).hash());
    }

    @Test
    void accessors() throws UnitParseException {
        UnitFile unit = UnitFile.parse("[Unit]\nDescription=one\nAfter=a\nAfter=b\nDescription=two\n[Service]\nA=1\n");
        assertThat(unit.values("Unit", "After")).containsExactly("a", "b");
        assertThat(unit.lastValue("Unit", "After")).contains("b");
        assertThat(unit.lastValue("Unit", "Before")).isEmpty();
        assertThat(unit.description()).isEqualTo("two");
        assertThat(unit.hasSection("Service")).isTrue();
        assertThat(unit.hasSection("Install")).isFalse();
        assertThat(UnitFile.parse("[Service]\nA=1\n").description()).isEmpty();
    }

    @Test
    void checkedAcceptsOptionsThatReadBackUnchanged() throws UnitParseException {
        List<UnitOption> options = List.of(new UnitOption("Service", "ExecStart", "/bin/sh -c 'a=b; c'"),
                new UnitOption("Service", "Environment", ""), new UnitOption("X-Fleet", "Global", "true"));
        assertThat(UnitFile.checked(options).options()).isEqualTo(options);
    }

    static Stream<Arguments> uncheckableOptions() {
        return Stream.of(
                Arguments.of(new UnitOption("Service", "ExecStart", "a\nb"), "option 1"),
                Arguments.of(new UnitOption("Service", "ExecStart", " padded"), "read back"),
                Arguments.of(new UnitOption("Service", "ExecStart", "trailing\\"), "read back"),
                Arguments.of(new UnitOption("Service", "A=B", "x"), "read back"),
                Arguments.of(new UnitOption("Service", "#A", "x"), "read back"),
                Arguments.of(new UnitOption("Service", "", "x"), "missing option name"),
                Arguments.of(new UnitOption("", "A", "x"), "bad section header"),
                Arguments.of(new UnitOption("Se]ction", "A", "x"), "bad section header"),
                Arguments.of(new UnitOption("Service", "A", "nul\u0000"), "control character"));
    }

    @ParameterizedTest
    @MethodSource("uncheckableOptions")
    void checkedRefusesOptionsSystemdWouldReadDifferently(UnitOption option, String message) {
        List<UnitOption> options = List.of(option);
        assertThatThrownBy(() -> UnitFile.checked(options))
                .isInstanceOf(UnitParseException.class)
                .hasMessageStartingWith("option 1 ([")
                .hasMessageContaining(message);
    }

    @Test
    void unitHashRefusesNonHex() {
        assertThatThrownBy(() -> new UnitHash("xyz")).isInstanceOf(IllegalArgumentException.class);
    }
}
