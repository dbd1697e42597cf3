package fleet.registry;

import java.util.List;
import java.util.Map;

/**
 * An agent's port to the registry: its machine's schedule, the global units, its metadata, the
 * watches that wake it, and the publication of its units' states on its presence's lease.
 */
public interface AgentStore {
    /** The machine's schedule and the global units, with their bodies, at one revision. */
    MachineSchedule machineSchedule(String machineId);

    /** {@code self}'s config metadata with its dynamic metadata merged over it, read now. */
    Map<String, String> metadataOf(MachineInfo self);

    /** Watches {@code prefix} (e.g. {@code "schedule/<id>/"}) from {@code fromRevision} on. */
    WatchHandle watch(String prefix, long fromRevision, WatchListener listener);

    /** Publishes {@code states} and removes the machine's states of {@code removed}, on {@code presence}'s lease. */
    void publishStates(MachinePresence presence, List<UnitStateRecord> states, List<String> removed);

    /**
     * Publishes the failure times of units with {@code RescheduleOnFailure} ({@code failures/<unit>/<id>},
     * milliseconds since the epoch) and removes the machine's records of {@code removed}, on
     * {@code presence}'s lease.
     */
    void publishFailures(MachinePresence presence, Map<String, List<Long>> failedAt, List<String> removed);

    /** Records that a {@code Batch=true} unit completed ({@code completions/<unit>}, no lease: it outlives the machine). */
    void publishCompletion(CompletionRecord completion);
}
