package fleet.cloudconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlaceholdersTest {
    private static final Placeholders VARS = new Placeholders(Map.of(
            "public_ipv4", "192.0.2.7", "private_ipv4", "10.1.2.3", "master_ipv4", "10.1.2.1", "public_ipv6", "2001:db8::7"));

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "public_ip: $public_ipv4                | public_ip: 192.0.2.7",
            "http://$private_ipv4:2379              | http://10.1.2.3:2379",
            "$master_ipv4,$private_ipv4             | 10.1.2.1,10.1.2.3",
            "[$public_ipv6]:80                      | [2001:db8::7]:80",
            "kill -HUP $MAINPID                     | kill -HUP $MAINPID",
            "$HOME $other_thing $                   | $HOME $other_thing $",
            "no placeholders                        | no placeholders"})
    void substitutesOnlyKnownNames(String in, String out) {
        assertThat(VARS.substitute(in)).isEqualTo(out);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "colour     | 10.0.0.1    | --var colour: unknown placeholder",
            "public_ipv4 | 10.0.0.1;rm | --var public_ipv4=10.0.0.1;rm: expected an IP address",
            "public_ipv4 | ''          | expected an IP address"})
    void refusesBadValues(String name, String value, String message) {
        assertThatThrownBy(() -> new Placeholders(Map.of(name, value))).isInstanceOf(CloudConfigException.class)
                .hasMessageContaining(message);
    }

    @ParameterizedTest
    @CsvSource({"$private_ipv6", "$master_ipv4"})
    void refusesAKnownPlaceholderWithoutValue(String text) {
        assertThatThrownBy(() -> new Placeholders(Map.of()).substitute("x " + text))
                .hasMessageContaining("the file uses " + text + " but no value was given");
    }
}
