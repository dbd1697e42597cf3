package fleet.cli.command;

import fleet.cli.api.UnitEntities;
import fleet.schema.UnitEntity;
import fleet.unit.DesiredState;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fleetctl restart UNIT...}: stop, wait until really stopped, start, wait until launched.
 * fleet waited for "launched" twice, so its restart could skip the stop; this one waits for "loaded".
 */
@Command(name = "restart", description = "Instruct systemd to restart one or more units in the cluster")
public final class RestartCommand extends CreatingCommand {
    @Option(names = "--block-attempts", paramLabel = "N", defaultValue = "0",
            description = "Wait at most N attempts of about 2 s each per step; 0 waits until done (default: 0)")
    int blockAttempts;

    @Override
    public Integer call() {
        if (blockAttempts < 0) {
            throw CliException.error("--block-attempts must be 0 or more, got " + blockAttempts);
        }
        int code = ExitCode.OK;
        Transition transition = new Transition(session());
        for (UnitEntity u : createAll(false, java.util.Set.of(), DesiredState.INACTIVE)) {
            int result = UnitEntities.isGlobal(u) ? restartGlobal(u) : restart(u, transition);
            code = code == ExitCode.OK ? result : Math.max(code, result);
        }
        return code;
    }

    private int restart(UnitEntity u, Transition transition) {
        String current = u.currentState() == null ? "inactive" : u.currentState();
        if (current.equals(DesiredState.LAUNCHED.wireName())) {
            int stopped = transition.run(List.of(u), DesiredState.LOADED, "stop", blockAttempts, false);
            if (stopped != ExitCode.OK) {
                return stopped;
            }
        } else if (!current.equals(DesiredState.LOADED.wireName())) {
            err("Error: unable to restart unit " + u.name() + ": it is " + current + "; use start");
            return ExitCode.ERROR;
        }
        return transition.run(List.of(u), DesiredState.LAUNCHED, "start", blockAttempts, true);
    }

    private int restartGlobal(UnitEntity u) {
        api().setDesiredState(u.name(), DesiredState.LOADED);
        StateWaiter waiter = new StateWaiter(api(), Thread::sleep, new Progress(session().err(), session().tty()));
        int code = ExitCode.OK;
        if (!waiter.awaitNotActive(List.of(u.name()), blockAttempts).isEmpty()) {
            err("Error: global unit " + u.name() + " is still active on some machine; starting it anyway");
            code = ExitCode.ERROR;
        }
        api().setDesiredState(u.name(), DesiredState.LAUNCHED);
        out("Triggered global unit " + u.name() + " restart");
        return code;
    }
}
