package fleet.cli.command;

import fleet.cli.api.FleetApi;
import fleet.cli.api.FleetApiException;
import fleet.cli.api.UnitEntities;
import fleet.cli.output.MachineLegend;
import fleet.schema.MachineEntity;
import fleet.schema.UnitEntity;
import fleet.unit.DesiredState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Sets a desired state on units, then (unless --no-block) waits and prints fleetctl's lines. */
final class Transition {
    private final Session session;
    private final StateWaiter waiter;
    private Map<String, String> ips;

    Transition(Session session) {
        this(session, new StateWaiter(session.api(), Thread::sleep, new Progress(session.err(), session.tty()),
                session.fanout()));
    }

    Transition(Session session, StateWaiter waiter) {
        this.session = session;
        this.waiter = waiter;
    }

    /**
     * @param verb what fleetctl says was triggered ({@code load}, {@code start}, {@code stop}, ...)
     * @param attempts -1 for --no-block, 0 for no limit
     * @return the exit code
     */
    int run(List<UnitEntity> units, DesiredState state, String verb, int attempts, boolean explainPlacement) {
        return run(units, state, verb, attempts, explainPlacement, Set.of());
    }

    /** @param alreadySet units created in {@code state}: reported and waited for, not sent again */
    int run(List<UnitEntity> units, DesiredState state, String verb, int attempts, boolean explainPlacement,
            Set<String> alreadySet) {
        FleetApi api = session.api();
        List<Fanout.Outcome<UnitEntity>> set = session.fanout().map(units, Fanout.Stop.ON_UNREACHABLE,
                "Setting units " + state.wireName(), u -> {
                    if (!alreadySet.contains(u.name())) {
                        api.setDesiredState(u.name(), state);
                    }
                    return u;
                });
        List<String> waitFor = new ArrayList<>();
        boolean failed = false;
        for (Fanout.Outcome<UnitEntity> outcome : set) {
            if (outcome.skipped()) {
                continue; // not sent: the API could not be reached, as an earlier unit's error says
            }
            if (!outcome.ok()) {
                session.err().println("Error: " + outcome.failure().getMessage());
                failed = true;
                continue;
            }
            UnitEntity u = outcome.value();
            if (UnitEntities.isGlobal(u)) {
                session.out().println("Triggered global unit " + u.name() + " " + verb);
            } else if (attempts < 0) {
                session.out().println("Triggered unit " + u.name() + " " + verb);
            } else {
                waitFor.add(u.name());
            }
        }
        if (failed) {
            // as when the requests went one by one, a refused change ends the command before any wait
            throw CliException.reported(ExitCode.ERROR);
        }
        return await(waitFor, state.wireName(), attempts, explainPlacement);
    }

    /** Waits for units to reach {@code target}, printing one line per unit; returns the exit code. */
    int await(List<String> names, String target, int attempts, boolean explainPlacement) {
        if (names.isEmpty() || attempts < 0) {
            return ExitCode.OK;
        }
        int code = ExitCode.OK;
        for (StateWaiter.Outcome o : waiter.await(names, target, attempts, explainPlacement)) {
            switch (o.result()) {
                case REACHED -> session.out().println("Unit " + o.name() + " " + target + on(o.last()));
                case NOT_PLACED -> {
                    ReasonsText.print(session.err(), o.name(), o.last().reasons());
                    code = ExitCode.NOT_PLACED;
                }
                case TIMED_OUT -> {
                    session.err().println("Error: timed out waiting for unit " + o.name() + " to be " + target
                            + waitedFor(o));
                    code = code == ExitCode.NOT_PLACED ? code : ExitCode.ERROR;
                }
                case FAILED -> {
                    session.err().println("Error: unit " + o.name() + " was launched" + on(o.last())
                            + " but failed in systemd (" + systemd(o.systemd()) + "); see fleetctl status "
                            + o.name() + " and fleetctl journal " + o.name());
                    code = code == ExitCode.NOT_PLACED ? code : ExitCode.ERROR;
                }
                case GONE -> {
                    session.err().println("Error: unit " + o.name() + " disappeared from the registry while waiting");
                    code = code == ExitCode.NOT_PLACED ? code : ExitCode.ERROR;
                }
            }
        }
        return code;
    }

    /** What the wait was still missing: the fleet state, or systemd's for a launched unit. */
    private String waitedFor(StateWaiter.Outcome o) {
        if (o.last() == null) {
            return " (current state: gone)";
        }
        if (!"launched".equals(o.last().currentState())) {
            return " (current state: " + o.last().currentState() + ")";
        }
        return " (launched" + on(o.last()) + ", but systemd reports "
                + (o.systemd() == null ? "no state yet" : systemd(o.systemd())) + ", not ActiveState=active)";
    }

    private static String systemd(fleet.schema.UnitStateEntity s) {
        return "ActiveState=" + s.systemdActiveState() + ", SubState=" + s.systemdSubState();
    }

    private String on(UnitEntity u) {
        if (u == null || !UnitEntities.isScheduled(u)) {
            return "";
        }
        return " on " + MachineLegend.withIp(u.machineID(), ips().get(u.machineID()), false);
    }

    private Map<String, String> ips() {
        if (ips == null) {
            ips = new HashMap<>();
            try {
                for (MachineEntity m : session.api().listMachines()) {
                    ips.put(m.id(), m.primaryIP());
                }
            } catch (FleetApiException e) {
                // the legend then shows the machine ID alone
            }
        }
        return ips;
    }
}
