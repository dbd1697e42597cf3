package fleet.constraint;

import java.util.Optional;

/** The keys fleet reads from {@code [X-Fleet]}, with the deprecated ones mapped to their modern meaning. */
enum XFleetKey {
    MACHINE_ID("MachineID", null),
    MACHINE_OF("MachineOf", null),
    MACHINE_METADATA("MachineMetadata", null),
    CONFLICTS("Conflicts", null),
    GLOBAL("Global", null),
    REPLACES("Replaces", null),
    /** Ours, not fleet v1.0's: see {@link Requirements#atMostOneCopy()}. */
    AT_MOST_ONE_COPY("AtMostOneCopy", null),
    /** Ours, not fleet v1.0's: see {@link FailurePolicy}. */
    RESCHEDULE_ON_FAILURE("RescheduleOnFailure", null),
    /** Ours, not fleet v1.0's: see {@link Requirements#batch()}. */
    BATCH("Batch", null),
    X_CONDITION_MACHINE_ID("X-ConditionMachineID", MACHINE_ID),
    /** fleet's legacy key: treated as a MachineID, though a boot ID will rarely name a machine. */
    X_CONDITION_MACHINE_BOOT_ID("X-ConditionMachineBootID", MACHINE_ID),
    X_CONDITION_MACHINE_OF("X-ConditionMachineOf", MACHINE_OF),
    X_CONDITION_MACHINE_METADATA("X-ConditionMachineMetadata", MACHINE_METADATA),
    X_CONFLICTS("X-Conflicts", CONFLICTS);

    final String key;
    private final XFleetKey modern;

    XFleetKey(String key, XFleetKey modern) {
        this.key = key;
        this.modern = modern;
    }

    /** The option this key sets: itself, or the modern option a deprecated key stands for. */
    XFleetKey meaning() {
        return modern == null ? this : modern;
    }

    boolean deprecated() {
        return modern != null;
    }

    static Optional<XFleetKey> of(String key) {
        for (XFleetKey k : values()) {
            if (k.key.equals(key)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
