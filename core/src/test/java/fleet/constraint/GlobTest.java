package fleet.constraint;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Cases from Go's path.Match documentation and tests, plus fleet's typical patterns. */
class GlobTest {

    @ParameterizedTest(name = "{0} ~ {1} = {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "abc           | abc             | true",
        "*             | abc             | true",
        "*c            | abc             | true",
        "a*            | a               | true",
        "a*            | abc             | true",
        "a*            | ab/c            | false",
        "a*/b          | abc/b           | true",
        "a*/b          | a/c/b           | false",
        "a*b*c*d*e*/f  | axbxcxdxe/f     | true",
        "a*b*c*d*e*/f  | axbxcxdxexxx/f  | true",
        "a*b*c*d*e*/f  | axbxcxdxe/xxx/f | false",
        "a*b*c*d*e*/f  | axbxcxdxexxx/fff | false",
        "a*b?c*x       | abxbbxdbxebxczzx | true",
        "a*b?c*x       | abxbbxdbxebxczzy | false",
        "ab[c]         | abc             | true",
        "ab[b-d]       | abc             | true",
        "ab[e-g]       | abc             | false",
        "ab[^c]        | abc             | false",
        "ab[^b-d]      | abc             | false",
        "ab[^e-g]      | abc             | true",
        "a\\b          | ab              | true",
        "a?b           | a☺b             | true",
        "a[^a]b        | a☺b             | true",
        "a???b         | a☺b             | false",
        "a[^a][^a][^a]b | a☺b            | false",
        "[a-ζ]*        | α               | true",
        "*[a-ζ]        | A               | false",
        "a?b           | a/b             | false",
        "a*b           | a/b             | false",
        "[\\]a]        | ]               | true",
        "[\\-]         | -               | true",
        "[x\\-]        | x               | true",
        "[x\\-]        | -               | true",
        "[x\\-]        | z               | false",
        "[\\-x]        | x               | true",
        "[\\-x]        | a               | false",
        "[^/]          | /               | false",
        "[^a]          | /               | true",
        "*x            | xxx             | true",
        "web@*.service | web@1.service   | true",
        "web@*.service | web@.service    | true",
        "web@*.service | db@1.service    | false",
        "*.service     | foo.socket      | false",
        "foo.service   | foo.service     | true",
        "foo.servic?   | foo.service     | true",
        "'*'           | ''              | true",
        "''            | ''              | true",
        "''            | a               | false",
        "a             | ''              | false",
        // Go does not backtrack into an earlier chunk: 'x[/x]' is taken at 0 ('xx'), and the next star
        // cannot skip the '/'; a full backtracking glob would match at 1 ('x/') and say true.
        "*x[/x]*b      | xx/b            | false",
        // as the last chunk it is retried at later positions, so this one matches
        "*x[/x]b       | xx/b            | true",
    })
    void matchesLikeGoPathMatch(String pattern, String name, boolean expected) {
        assertThat(Glob.matches(pattern, name)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[", "[^", "[^bc", "a[", "[]", "[]a]", "[-]", "[x-]", "[a-b-c]", "a\\", "[\\", "*[",
        "a*[", "[a-", "[^]", "x[^"})
    void malformedPatternsMatchNothing(String pattern) {
        assertThat(Glob.isValid(pattern)).isFalse();
        assertThat(Glob.matches(pattern, "a")).isFalse();
        assertThat(Glob.matches(pattern, "[")).isFalse();
        assertThat(Glob.matches(pattern, pattern)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "*", "a*b?c", "[a-z]", "[^a]", "\\*", "[\\]]", "web@*.service", ""})
    void wellFormedPatterns(String pattern) {
        assertThat(Glob.isValid(pattern)).isTrue();
    }
}
