package fleet.unit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class UnitFileProperties {

    /** Option lists whose sections are grouped (the form serialization produces). */
    @Provide
    Arbitrary<List<UnitOption>> groupedOptions() {
        Arbitrary<String> name = Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z')
                .withChars('-', '_', '.').ofMinLength(1).ofMaxLength(20);
        Arbitrary<String> value = Arbitraries.strings().withCharRange(' ', '~').withChars('\t', 'é', '☺', '\u00a0')
                .ofMaxLength(60)
                .map(UnitFileParser::strip)
                .map(v -> v.endsWith("\\") ? v + "x" : v); // a trailing backslash would continue the line
        Arbitrary<List<String[]>> block = Combinators.combine(name, value).as((n, v) -> new String[] {n, v})
                .list().ofMinSize(1).ofMaxSize(6);
        Arbitrary<List<String>> sections = Arbitraries.shuffle("Unit", "Service", "X-Fleet", "Install", "X Y");
        return Combinators.combine(sections, block.list().ofMaxSize(5)).as((names, blocks) -> {
            List<UnitOption> all = new ArrayList<>();
            for (int i = 0; i < blocks.size(); i++) {
                for (String[] option : blocks.get(i)) {
                    all.add(new UnitOption(names.get(i), option[0], option[1]));
                }
            }
            return all;
        });
    }

    @Property(tries = 300)
    void parseOfSerializeGivesTheOptionsBack(@ForAll("groupedOptions") List<UnitOption> options)
            throws UnitParseException {
        UnitFile unit = UnitFile.of(options);
        assertThat(UnitFile.parse(unit.serialize())).isEqualTo(unit);
        assertThat(UnitFile.checked(options)).isEqualTo(unit);
    }

    @Property(tries = 300)
    void serializationIsStable(@ForAll("groupedOptions") List<UnitOption> options) throws UnitParseException {
        String once = UnitFile.of(options).serialize();
        assertThat(UnitFile.parse(once).serialize()).isEqualTo(once);
        assertThat(UnitFile.parse(once).hash()).isEqualTo(UnitFile.of(options).hash());
    }

    @Property(tries = 300)
    void commentsAndBlankLinesDoNotChangeTheHash(@ForAll("groupedOptions") List<UnitOption> options,
            @ForAll("comments") String comment) throws UnitParseException {
        String text = UnitFile.of(options).serialize();
        String noisy = comment + "\n" + text.replaceAll("(?m)^([^\\[=\n]+)=", "$1 = ")
                .replace("\n", "\n" + comment + "\n\n  \n");
        assertThat(UnitFile.parse(noisy).hash()).isEqualTo(UnitFile.of(options).hash());
    }

    @Provide
    Arbitrary<String> comments() {
        return Combinators.combine(Arbitraries.of("#", ";", "  #", "\t;"),
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(30))
                .as((mark, text) -> mark + text);
    }

    @Property(tries = 2000)
    void arbitraryTextFailsOnlyWithUnitParseException(@ForAll String text) {
        try {
            UnitFile.parse(text);
        } catch (UnitParseException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 2000)
    void arbitraryBytesFailOnlyWithUnitParseException(@ForAll byte[] bytes) {
        try {
            UnitFile.parse(bytes);
        } catch (UnitParseException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 1000)
    void unitLikeTextWithNoiseFailsOnlyWithUnitParseException(@ForAll("unitLike") String text) {
        try {
            UnitFile.parse(text);
        } catch (UnitParseException e) {
            assertThat(e.line()).isPositive();
        }
    }

    @Provide
    Arbitrary<String> unitLike() {
        return Arbitraries.strings().withChars("[]=#;\\\n\r\t aZ\u0000\u001f\ud800").ofMaxLength(80);
    }
}
