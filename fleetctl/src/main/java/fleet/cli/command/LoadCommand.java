package fleet.cli.command;

import fleet.unit.DesiredState;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fleetctl load UNIT...}: submit if needed, then schedule and load into systemd. */
@Command(name = "load", description = "Schedule one or more units in the cluster, first submitting them if necessary")
public final class LoadCommand extends CreatingCommand {
    @Mixin
    BlockOptions block;

    @Option(names = "--replace", description = "Replace units whose local file differs (while inactive or loaded)")
    boolean replace;

    @Override
    public Integer call() {
        block.attempts();
        return moveTo(createAll(replace, Set.of(DesiredState.INACTIVE, DesiredState.LOADED), DesiredState.LOADED),
                DesiredState.LOADED, "load", block);
    }
}
