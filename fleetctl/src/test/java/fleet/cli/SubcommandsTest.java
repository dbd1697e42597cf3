package fleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Only the named command is built, and nothing a user types behaves differently because of it. */
class SubcommandsTest {
    private final CliRunner cli = new CliRunner();

    @Test
    void theCommandNameIsTheFirstArgumentThatIsNotAGlobalFlagOrItsValue() {
        assertThat(Subcommands.commandName(new String[] {"list-units"})).isEqualTo("list-units");
        assertThat(Subcommands.commandName(new String[] {"--endpoint", "http://h:1", "--debug", "cat", "a"})).isEqualTo("cat");
        assertThat(Subcommands.commandName(new String[] {"--endpoint=http://h:1", "start", "x"})).isEqualTo("start");
        assertThat(Subcommands.commandName(new String[] {"--request-timeout", "5", "status"})).isEqualTo("status");
        assertThat(Subcommands.commandName(new String[] {"--debug"})).isNull();
        assertThat(Subcommands.commandName(new String[] {"--", "start"})).isNull();
    }

    @Test
    void aNamedCommandIsTheOnlyOneBuilt() {
        CommandLine one = FullCommandLine.build(Main.session(System.out, System.err, g -> null), Map.of(),
                new String[] {"--endpoint", "unix:///x", "list-units"});
        assertThat(one.getSubcommands()).containsOnlyKeys("list-units");
        CommandLine all = FullCommandLine.build(Main.session(System.out, System.err, g -> null), Map.of(),
                new String[] {"list-u"});
        assertThat(all.getSubcommands().keySet()).containsExactlyElementsOf(Subcommands.names());
    }

    @Test
    void theLazyCommandStillHasTheGlobalFlagsAndTheirEnvironmentDefaults() {
        CliRunner.Result r = cli.run(Map.of("FLEETCTL_REQUEST_TIMEOUT", "7"), "--endpoint", "http://h:1", "list-machines");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(cli.globals.endpoint).isEqualTo("http://h:1");
        assertThat(cli.globals.requestTimeout).isEqualTo(7.0);
        r = cli.run("list-units", "--endpoint", "http://h:2");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(cli.globals.endpoint).isEqualTo("http://h:2");
    }

    @Test
    void abbreviationsHelpAndCompletionStillSeeEveryCommand() {
        assertThat(cli.run("list-m").code()).isZero();
        assertThat(cli.run("help", "start").out()).startsWith("Usage: fleetctl start");
        assertThat(cli.run("help").out()).contains("list-unit-files", "journal");
        assertThat(cli.run("completion").out()).contains("list-unit-files", "journal");
        CliRunner.Result typo = cli.run("strat", "a.service");
        assertThat(typo.code()).isEqualTo(1);
        assertThat(typo.err()).contains("Unmatched argument");
    }
}
