package fleet.constraint;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Go path.Match semantics, the cases fleet users write plus the corners of the syntax. */
class GlobTest {

    @ParameterizedTest(name = "{0} ~ {1} = {2}")
    @CsvSource(delimiter = '|', value = {
        "web@*.service      | web@1.service     | true",
        "web@*.service      | web@.service      | true",
        "web@*.service      | web2@1.service    | false",
        "*                  | a/b               | false",
        "a/*                | a/b               | true",
        "*.service          | db.service        | true",
        "db.service         | db.service        | true",
        "db.service         | db.socket         | false",
        "?b                 | ab                | true",
        "?b                 | /b                | false",
        "?                  | ''                | false",
        "web@[0-9].service  | web@7.service     | true",
        "web@[0-9].service  | web@x.service     | false",
        "web@[^0-9].service | web@x.service     | true",
        "web@[^0-9].service | web@7.service     | false",
        "[abc]x             | bx                | true",
        "[a-cx-z]           | y                 | true",
        "[a-cx-z]           | m                 | false",
        "a\\*b              | a*b               | true",
        "a\\*b              | axb               | false",
        "[\\]]              | ]                 | true",
        "*a*b*              | xaybz             | true",
        "*a*b*              | xbya              | false",
        "''                 | ''                | true",
        "''                 | a                 | false",
        // malformed patterns match nothing (Go returns ErrBadPattern)
        "[                  | [                 | false",
        "[]                 | ]                 | false",
        "[a-]               | a                 | false",
        "ab\\               | ab\\              | false",
        "*[                 | x                 | false",
    })
    void matches(String pattern, String name, boolean expected) {
        assertThat(Glob.matches(pattern, name)).isEqualTo(expected);
    }
}
