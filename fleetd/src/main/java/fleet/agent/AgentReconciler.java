package fleet.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import fleet.unit.DesiredState;

/**
 * Plans what the agent must do to turn what its host has into what it should have. Pure: two
 * snapshots in, an ordered list of tasks out. The order is fleet's: every unload, then every load,
 * one daemon-reload if anything was (un)loaded, then stops, then starts; units by name within each.
 * A unit already running with the desired hash gets no task at all, which is how a restarted agent
 * adopts running workloads without restarting them.
 */
public final class AgentReconciler {
    private AgentReconciler() {}

    /**
     * fleet's rule: any load or unload is followed by one daemon-reload.
     *
     * @param newUnitsLoadOnDemand true when systemd loads a unit file it has never had loaded on
     *        first use (systemd 247 and later re-check its unit directories before loading), so a
     *        batch of brand-new units without [Install] needs no daemon-reload, which costs
     *        ~270 ms or more. Unloads, changed files and [Install] sections still reload.
     */
    public static List<AgentTask> plan(Map<String, DesiredUnit> desired, Map<String, LocalUnit> local,
            boolean newUnitsLoadOnDemand) {
        boolean reloadNeeded = false;
        List<AgentTask> unloads = new ArrayList<>();
        List<AgentTask> loads = new ArrayList<>();
        List<AgentTask> stops = new ArrayList<>();
        List<AgentTask> starts = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>(desired.keySet());
        names.addAll(local.keySet());
        for (String name : names) {
            DesiredUnit want = desired.get(name);
            LocalUnit have = local.get(name);
            if (want == null) {
                unloads.add(new AgentTask.Unload(name, "unit loaded but not scheduled here"));
                continue;
            }
            boolean loadedNow = have != null;
            if (have != null && !have.hash().equals(want.hash())) {
                unloads.add(new AgentTask.Unload(name, "unit loaded but hash differs from expected ("
                        + have.hash().shortHex() + " here, " + want.hash().shortHex() + " scheduled)"));
                loadedNow = false;
            }
            if (!loadedNow) {
                reloadNeeded |= have != null || !newUnitsLoadOnDemand || want.body().hasSection("Install");
                loads.add(new AgentTask.Load(name, want, have == null
                        ? "unit scheduled here but not loaded" : "loading the new version " + want.hash().shortHex()));
            }
            boolean running = loadedNow && have.state() == DesiredState.LAUNCHED;
            if (want.state() == DesiredState.LAUNCHED && !running) {
                starts.add(new AgentTask.Start(name, "unit desired launched but not running"));
            } else if (want.state() == DesiredState.LOADED && running) {
                stops.add(new AgentTask.Stop(name, "unit desired loaded but running"));
            }
        }
        List<AgentTask> plan = new ArrayList<>(unloads);
        plan.addAll(loads);
        if (!unloads.isEmpty() || reloadNeeded) {
            plan.add(new AgentTask.ReloadUnitFiles(
                    "unit files changed: " + unloads.size() + " unloaded, " + loads.size() + " loaded"));
        }
        plan.addAll(stops);
        plan.addAll(starts);
        return List.copyOf(plan);
    }

}
