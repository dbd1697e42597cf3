package fleet.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The ssh command line fleetctl ssh runs, for each combination of its flags. */
class SshArgvTest {
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("defaults: shell as core, ask-then-remember host keys",
                        new SshArgv("core", 22, false, true, "/k/known", 10.0, "10.0.0.1", List.of()),
                        "ssh -p 22 -l core -o StrictHostKeyChecking=ask -o UserKnownHostsFile=/k/known "
                                + "-o ConnectTimeout=10 10.0.0.1"),
                Arguments.of("agent forwarding, another port and user, a command",
                        new SshArgv("admin", 2222, true, true, "/k/known", 10.0, "10.0.0.2", List.of("uname", "-a")),
                        "ssh -p 2222 -l admin -A -o StrictHostKeyChecking=ask -o UserKnownHostsFile=/k/known "
                                + "-o ConnectTimeout=10 10.0.0.2 uname -a"),
                Arguments.of("no host key checking: nothing checked, nothing remembered",
                        new SshArgv("core", 22, false, false, "/k/known", 10.0, "10.0.0.3", List.of("hostname")),
                        "ssh -p 22 -l core -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null "
                                + "-o ConnectTimeout=10 10.0.0.3 hostname"),
                Arguments.of("a fractional timeout rounds up",
                        new SshArgv("core", 22, false, true, "/k/known", 2.5, "10.0.0.4", List.of()),
                        "ssh -p 22 -l core -o StrictHostKeyChecking=ask -o UserKnownHostsFile=/k/known "
                                + "-o ConnectTimeout=3 10.0.0.4"),
                Arguments.of("a timeout under a second is one, never none",
                        new SshArgv("core", 22, false, true, "/k/known", 0.0, "10.0.0.5", List.of()),
                        "ssh -p 22 -l core -o StrictHostKeyChecking=ask -o UserKnownHostsFile=/k/known "
                                + "-o ConnectTimeout=1 10.0.0.5"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void argv(String description, SshArgv ssh, String expected) {
        assertThat(String.join(" ", ssh.argv())).isEqualTo(expected);
    }
}
