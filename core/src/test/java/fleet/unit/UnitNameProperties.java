package fleet.unit;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class UnitNameProperties {

    @Property(tries = 3000)
    void arbitraryStringsFailOnlyWithInvalidUnitNameException(@ForAll String name) {
        check(name);
    }

    @Property(tries = 3000)
    void nameLikeStringsFailOnlyWithInvalidUnitNameException(@ForAll("nameLike") String name) {
        check(name);
    }

    @Provide
    Arbitrary<String> nameLike() {
        Arbitrary<String> stem = Arbitraries.strings().withChars("ab@.-_:/\\\u0000\n\u007f").ofMaxLength(12);
        Arbitrary<String> suffix = Arbitraries.of(".service", ".socket", ".mount", ".txt", "", ".", "/..", "..service");
        return net.jqwik.api.Combinators.combine(stem, suffix).as(String::concat);
    }

    private static void check(String name) {
        boolean accepted;
        try {
            UnitName parsed = UnitName.parse(name);
            accepted = true;
            assertThat(parsed.name()).isEqualTo(name);
            assertThat(parsed.prefix() + (parsed.name().contains("@") ? "@" + parsed.instance() : "")
                    + "." + parsed.suffix()).isEqualTo(name);
        } catch (InvalidUnitNameException e) {
            accepted = false;
            assertThat(e.getMessage()).isNotBlank().doesNotContain("\n");
        }
        assertThat(UnitName.isValid(name)).isEqualTo(accepted);
        if (accepted) {
            assertThat(name).doesNotContain("/").doesNotContain("..").hasSizeBetween(1, UnitName.MAX_LENGTH);
            assertThat(name.chars()).noneMatch(c -> c < 0x20 || c == 0x7f);
        }
    }
}
