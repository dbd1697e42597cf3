package fleet.cli.command;

import fleet.unit.DesiredState;
import java.util.EnumSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fleetctl start UNIT...}: submit and load if needed, then start; units already launched are skipped. */
@Command(name = "start", description = "Instruct systemd to start one or more units in the cluster, first submitting "
        + "and loading if necessary")
public final class StartCommand extends CreatingCommand {
    @Mixin
    BlockOptions block;

    @Option(names = "--replace", description = "Replace units whose local file differs (in any state)")
    boolean replace;

    @Override
    public Integer call() {
        block.attempts();
        return moveTo(createAll(replace, EnumSet.allOf(DesiredState.class), DesiredState.LAUNCHED),
                DesiredState.LAUNCHED, "start", block);
    }
}
