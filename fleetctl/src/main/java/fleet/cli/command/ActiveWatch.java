package fleet.cli.command;

import fleet.cli.api.FleetApi;
import fleet.schema.UnitStateEntity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Watches units that systemd just reported active for a while longer: a service that crashes a
 * second after it started was "active" when the wait ended (as Kubernetes' minReadySeconds).
 */
final class ActiveWatch {
    private final FleetApi api;
    private final StateWaiter.Sleeper sleeper;

    ActiveWatch(FleetApi api, StateWaiter.Sleeper sleeper) {
        this.api = api;
        this.sleeper = sleeper;
    }

    /**
     * Polls the units' states every {@link StateWaiter#POLL_MILLIS} for {@code polls} polls; returns, per
     * unit that was seen anything but active on its machine, what systemd said (empty when all stayed).
     */
    Map<String, String> leftActive(List<String> names, int polls) {
        Map<String, String> left = new LinkedHashMap<>();
        List<String> watching = new ArrayList<>(names);
        for (int i = 0; i < polls && !watching.isEmpty(); i++) {
            sleep();
            for (String name : List.copyOf(watching)) {
                String seen = notActive(api.listStates(null, name));
                if (seen != null) {
                    left.put(name, seen);
                    watching.remove(name);
                }
            }
        }
        return left;
    }

    private static String notActive(List<UnitStateEntity> states) {
        if (states.isEmpty()) {
            return "no state on any machine";
        }
        for (UnitStateEntity s : states) {
            if (!"active".equals(s.systemdActiveState())) {
                return "ActiveState=" + s.systemdActiveState() + ", SubState=" + s.systemdSubState();
            }
        }
        return null;
    }

    private void sleep() {
        sleeper.pause(StateWaiter.POLL_MILLIS, "watching units");
    }
}
