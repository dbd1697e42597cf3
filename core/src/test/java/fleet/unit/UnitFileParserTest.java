package fleet.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class UnitFileParserTest {

    private static UnitOption opt(String section, String name, String value) {
        return new UnitOption(section, name, value);
    }

    static Stream<Arguments> syntax() {
        return Stream.of(
                Arguments.of("empty file", "", List.of()),
                Arguments.of("only blank lines and comments", "\n  \n# c\n; c\n\t# c\n", List.of()),
                Arguments.of("plain", "[Unit]\nDescription=x\n", List.of(opt("Unit", "Description", "x"))),
                Arguments.of("no final newline", "[Unit]\nA=1", List.of(opt("Unit", "A", "1"))),
                Arguments.of("whitespace around =", "[Unit]\n  A \t=\t 1 2  \n", List.of(opt("Unit", "A", "1 2"))),
                Arguments.of("empty value", "[Unit]\nA=\nB=   \n", List.of(opt("Unit", "A", ""), opt("Unit", "B", ""))),
                Arguments.of("value keeps later '='", "[X-Fleet]\nMachineMetadata=a=b=c\n",
                        List.of(opt("X-Fleet", "MachineMetadata", "a=b=c"))),
                Arguments.of("comment markers inside a value stay", "[Unit]\nA=x # y ; z\n",
                        List.of(opt("Unit", "A", "x # y ; z"))),
                Arguments.of("indented section header", "  [Unit]  \nA=1\n", List.of(opt("Unit", "A", "1"))),
                Arguments.of("section repeated, file order kept", "[A]\nx=1\n[B]\ny=2\n[A]\nz=3\n",
                        List.of(opt("A", "x", "1"), opt("B", "y", "2"), opt("A", "z", "3"))),
                Arguments.of("same option twice", "[Unit]\nAfter=a\nAfter=b\n",
                        List.of(opt("Unit", "After", "a"), opt("Unit", "After", "b"))),
                Arguments.of("CRLF", "[Unit]\r\nA=1\r\nB=2\r\n", List.of(opt("Unit", "A", "1"), opt("Unit", "B", "2"))),
                Arguments.of("byte-order mark", "\uFEFF[Unit]\nA=1\n", List.of(opt("Unit", "A", "1"))),
                Arguments.of("continuation: backslash becomes a space, next line kept as is",
                        "[Service]\nExecStart=/bin/echo \\\n  hello\n",
                        List.of(opt("Service", "ExecStart", "/bin/echo    hello"))),
                Arguments.of("continuation over three lines", "[S]\nA=a\\\nb\\\nc\n", List.of(opt("S", "A", "a b c"))),
                Arguments.of("comment lines inside a continuation are skipped",
                        "[S]\nA=a \\\n# note\n; note\n  b\nB=2\n",
                        List.of(opt("S", "A", "a    b"), opt("S", "B", "2"))),
                Arguments.of("blank line ends a continuation", "[S]\nA=a\\\n\nB=2\n",
                        List.of(opt("S", "A", "a"), opt("S", "B", "2"))),
                Arguments.of("continuation at end of file", "[S]\nA=a\\", List.of(opt("S", "A", "a"))),
                Arguments.of("escaped backslash at end is literal", "[S]\nA=a\\\\\nB=2\n",
                        List.of(opt("S", "A", "a\\\\"), opt("S", "B", "2"))),
                Arguments.of("backslash then blank is not a continuation", "[S]\nA=a\\ \nB=2\n",
                        List.of(opt("S", "A", "a\\"), opt("S", "B", "2"))),
                Arguments.of("continued name", "[S]\nExec\\\nStart=x\n", List.of(opt("S", "Exec Start", "x"))),
                Arguments.of("non-ASCII text and other Unicode spaces are kept", "[Unit]\nDescription=caf\u00e9\u00a0\n",
                        List.of(opt("Unit", "Description", "caf\u00e9\u00a0"))),
                Arguments.of("section name with space", "[X Y]\nA=1\n", List.of(opt("X Y", "A", "1"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("syntax")
    void parses(String what, String text, List<UnitOption> expected) throws UnitParseException {
        assertThat(UnitFile.parse(text).options()).isEqualTo(expected);
    }

    static Stream<Arguments> errors() {
        String longLine = "[S]\nA=" + "x".repeat(UnitFileParser.MAX_LINE) + "\n";
        String longContinued = "[S]\nA=" + "x".repeat(UnitFileParser.MAX_LINE / 2) + "\\\n"
                + "y".repeat(UnitFileParser.MAX_LINE / 2) + "\n";
        return Stream.of(
                Arguments.of("option before any section", "# hi\nA=1\n", 2, "before any [Section]"),
                Arguments.of("missing =", "[Unit]\nA=1\nDescription\n", 3, "missing '='"),
                Arguments.of("empty option name", "[Unit]\n\n  =x\n", 3, "missing option name"),
                Arguments.of("header without ]", "[Unit\nA=1\n", 1, "bad section header"),
                Arguments.of("empty header", "[]\n", 1, "bad section header"),
                Arguments.of("blank header", "[  ]\n", 1, "bad section header"),
                Arguments.of("text after header", "[Unit] x\n", 1, "bad section header"),
                Arguments.of("nested brackets", "[[Unit]]\n", 1, "bad section header"),
                Arguments.of("line over the limit", longLine, 2, "longer than " + UnitFileParser.MAX_LINE),
                Arguments.of("continued line over the limit", longContinued, 2, "continued line longer"),
                Arguments.of("NUL", "[Unit]\nA=1\nB=\u0000\n", 3, "control character 0x00) at column 3"),
                Arguments.of("escape", "[Unit]\nA=\u001b[31m\n", 2, "control character 0x1b"),
                Arguments.of("DEL", "[Unit]\nA=\u007f\n", 2, "control character 0x7f"),
                Arguments.of("bare CR", "[Unit]\rA=1\n", 1, "carriage return"),
                Arguments.of("form feed", "[Unit]\n\fA=1\n", 2, "control character 0x0c"),
                Arguments.of("unpaired surrogate", "[Unit]\nA=\ud800\n", 2, "unpaired UTF-16 surrogate"),
                Arguments.of("control character in a comment", "[Unit]\n# \u0001\n", 2, "control character 0x01"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void refuses(String what, String text, int line, String message) {
        assertThatThrownBy(() -> UnitFile.parse(text))
                .isInstanceOfSatisfying(UnitParseException.class, e -> {
                    assertThat(e.line()).isEqualTo(line);
                    assertThat(e.getMessage()).startsWith("line " + line + ": ").contains(message);
                });
    }

    @Test
    void invalidUtf8BytesAreReportedWithTheirLine() {
        byte[] bytes = {'[', 'U', ']', '\n', 'A', '=', '1', '\n', 'B', '=', (byte) 0xC3, (byte) 0x28, '\n'};
        assertThatThrownBy(() -> UnitFile.parse(bytes))
                .isInstanceOfSatisfying(UnitParseException.class, e -> {
                    assertThat(e.line()).isEqualTo(3);
                    assertThat(e.getMessage()).contains("invalid UTF-8 at byte offset 10");
                });
    }

    @Test
    void validUtf8BytesParseLikeText() throws UnitParseException {
        String text = "[Unit]\nDescription=caf\u00e9 \ud83d\ude80\n";
        assertThat(UnitFile.parse(text.getBytes(StandardCharsets.UTF_8))).isEqualTo(UnitFile.parse(text));
    }

    @Test
    void errorMessagesShortenLongLines() {
        String text = "[Unit]\n" + "x".repeat(500) + "\n";
        assertThatThrownBy(() -> UnitFile.parse(text)).hasMessageContaining("...").message().hasSizeLessThan(150);
    }
}
