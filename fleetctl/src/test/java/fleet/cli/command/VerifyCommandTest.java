package fleet.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import fleet.cli.CliRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fleetctl verify against this box's systemd-analyze and core's [X-Fleet] parser. */
class VerifyCommandTest {
    @TempDir
    Path dir;
    private final CliRunner cli = new CliRunner();

    private String file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text).toString();
    }

    @Test
    void aGoodUnitIsClean() throws IOException {
        CliRunner.Result r = cli.run("verify", file("good.service",
                "[Unit]\nDescription=good\n[Service]\nExecStart=/bin/true\n[X-Fleet]\nConflicts=good*\n"));
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
    }

    @Test
    void aBadXFleetSectionGetsTheApisError() throws IOException {
        CliRunner.Result r = cli.run("verify", file("bad.service",
                "[Service]\nExecStart=/bin/true\n[X-Fleet]\nGlobal=true\nMachineOf=other.service\n"));
        assertThat(r.code()).isEqualTo(ExitCode.ERROR);
        assertThat(r.err()).contains("bad.service: [X-Fleet] Global cannot be used with Peers");
    }

    @Test
    void systemdsErrorsAreShown() throws IOException {
        CliRunner.Result r = cli.run("verify", file("noexec.service", "[Unit]\nDescription=x\n[Service]\nType=simple\n"));
        assertThat(r.code()).isEqualTo(ExitCode.ERROR);
        assertThat(r.err()).contains("noexec.service").contains("ExecStart");
    }

    @Test
    void systemdsWarningsAboutTheFileCount() throws IOException {
        CliRunner.Result r = cli.run("verify", file("typo.service", "[Service]\nExecStart=/bin/true\nExecStrat=x\n"));
        assertThat(r.code()).isEqualTo(ExitCode.ERROR);
        assertThat(r.err()).contains("ExecStrat");
    }

    @Test
    void anInstanceIsVerifiedWithItsTemplateBesideIt() throws IOException {
        file("echo@.service", "[Service]\nExecStart=/bin/echo %i\n");
        CliRunner.Result r = cli.run("verify", file("echo@one.service", "[Service]\nExecStart=/bin/echo %i\n"));
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
    }

    @Test
    void aMissingFileIsAnError() {
        CliRunner.Result r = cli.run("verify", dir.resolve("absent.service").toString());
        assertThat(r.code()).isEqualTo(ExitCode.ERROR);
        assertThat(r.err()).contains("absent.service");
    }
}
