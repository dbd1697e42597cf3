package fleet.agent;

/**
 * One step the agent takes on its host's systemd, with the reason it was planned. Tasks are data:
 * {@link AgentReconciler} plans them, {@code AgentExecutor} carries them out.
 */
public sealed interface AgentTask {
    String reason();

    /** "Kind(unit)", or "Reload" for the daemon-reload. */
    default String label() {
        String kind = getClass().getSimpleName();
        return this instanceof ReloadUnitFiles ? "Reload" : kind + "(" + unitName() + ")";
    }

    /** The unit this task is about; empty for the daemon-reload. */
    default String unitName() {
        if (this instanceof Unload u) {
            return u.unit();
        } else if (this instanceof Load l) {
            return l.unit();
        } else if (this instanceof Stop s) {
            return s.unit();
        } else if (this instanceof Start s) {
            return s.unit();
        }
        return "";
    }

    /** Stop the unit, then (only if the stop succeeded) disable it and delete its file. */
    record Unload(String unit, String reason) implements AgentTask {}

    /** Write the unit file, link it as a runtime unit, enable it if it has [Install]. */
    record Load(String unit, DesiredUnit desired, String reason) implements AgentTask {}

    /** One daemon-reload for the whole batch of loads and unloads. */
    record ReloadUnitFiles(String reason) implements AgentTask {}

    record Stop(String unit, String reason) implements AgentTask {}

    record Start(String unit, String reason) implements AgentTask {}
}
