package fleet.cli.command;

import fleet.unit.DesiredState;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fleetctl submit UNIT...}: put units in the registry, desired state inactive. */
@Command(name = "submit", description = "Upload one or more units to the cluster without starting them")
public final class SubmitCommand extends CreatingCommand {
    @Option(names = "--replace", description = "Replace units whose local file differs (only while inactive)")
    boolean replace;

    @Override
    public Integer call() {
        createAll(replace, Set.of(DesiredState.INACTIVE), DesiredState.INACTIVE);
        return ExitCode.OK;
    }
}
