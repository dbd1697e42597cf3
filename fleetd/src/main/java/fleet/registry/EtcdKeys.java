package fleet.registry;

import fleet.unit.UnitHash;

/**
 * The etcd key layout (docs/architecture.md), relative to the registry prefix. Every method returns
 * a key relative to the prefix; {@link Etcd} adds the prefix. Names and IDs never contain {@code /}
 * (validated on the way in), so the segments split back unambiguously.
 */
final class EtcdKeys {
    static final String UNITS = "units/";
    static final String GLOBAL = "global/";
    static final String BODIES = "bodies/";
    static final String BODY_REFS = "body-refs/";
    static final String SCHEDULE = "schedule/";
    static final String PLACEMENT = "placement/";
    static final String REASONS = "reasons/";
    static final String MACHINES = "machines/";
    static final String MACHINE_METADATA = "machine-metadata/";
    static final String STATES = "states/";
    static final String FAILURES = "failures/";
    static final String COMPLETIONS = "completions/";
    static final String MOVES = "moves/";
    static final String ENGINE_VERSION = "engine/version";
    /** Candidacies of etcd's Election API: {@code engine/leader/<leaseID>} = machine ID; the oldest leads. */
    static final String ENGINE_LEADER = "engine/leader/";

    private EtcdKeys() {}

    static String unit(String name) {
        return UNITS + name;
    }

    static String global(String name) {
        return GLOBAL + name;
    }

    static String body(UnitHash hash) {
        return BODIES + hash.hex();
    }

    static String bodyRefs(UnitHash hash) {
        return BODY_REFS + hash.hex() + "/";
    }

    static String bodyRef(UnitHash hash, String unit) {
        return bodyRefs(hash) + unit;
    }

    static String machineSchedule(String machineId) {
        return SCHEDULE + machineId + "/";
    }

    static String schedule(String machineId, String unit) {
        return machineSchedule(machineId) + unit;
    }

    static String placement(String unit) {
        return PLACEMENT + unit;
    }

    static String reasons(String unit) {
        return REASONS + unit;
    }

    static String machine(String machineId) {
        return MACHINES + machineId;
    }

    static String machineMetadata(String machineId, String key) {
        return MACHINE_METADATA + machineId + "/" + key;
    }

    static String unitStates(String unit) {
        return STATES + unit + "/";
    }

    static String state(String unit, String machineId) {
        return unitStates(unit) + machineId;
    }

    static String failures(String unit, String machineId) {
        return FAILURES + unit + "/" + machineId;
    }

    static String move(String unit) {
        return MOVES + unit;
    }

    static String completion(String unit) {
        return COMPLETIONS + unit;
    }

    /** The last segment of a relative key: the unit name of {@code units/x.service}. */
    static String lastSegment(String key) {
        return key.substring(key.lastIndexOf('/') + 1);
    }

    /** The segment after {@code family}: the machine ID of {@code schedule/<id>/<unit>}. */
    static String secondSegment(String key, String family) {
        String rest = key.substring(family.length());
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(0, slash);
    }
}
