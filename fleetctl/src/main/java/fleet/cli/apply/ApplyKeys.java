package fleet.cli.apply;

import fleet.unit.DesiredState;
import fleet.unit.UnitFile;
import fleet.unit.UnitOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The two {@code [X-Fleet]} keys of {@code fleetctl apply}. fleetd ignores both (an unknown
 * {@code [X-Fleet]} key is not logged), and so did fleet v1.0; systemd ignores the whole section.
 * <ul>
 * <li>{@code DesiredState=inactive|loaded|launched} in a local file: the state apply sets. Never
 *     sent: changing it changes the state, not the body, so the unit is not replaced.</li>
 * <li>{@code ApplySet=NAME} in a stored unit: apply created it, for the set NAME. Apply adds it,
 *     comparisons ignore it, and {@code --prune} destroys only units that carry the set's name.</li>
 * </ul>
 */
public final class ApplyKeys {
    public static final String SECTION = "X-Fleet";
    public static final String DESIRED_STATE = "DesiredState";
    public static final String APPLY_SET = "ApplySet";
    public static final String DEFAULT_SET = "default";

    private ApplyKeys() {}

    /** The options without apply's keys: what comparisons look at. */
    public static UnitFile withoutApplyKeys(UnitFile file) {
        List<UnitOption> kept = new ArrayList<>();
        for (UnitOption o : file.options()) {
            if (!isApplyKey(o)) {
                kept.add(o);
            }
        }
        return UnitFile.of(kept);
    }

    /** What apply stores: the options without apply's keys, then {@code ApplySet=set}. */
    public static List<UnitOption> forCluster(UnitFile file, String set) {
        List<UnitOption> sent = new ArrayList<>(withoutApplyKeys(file).options());
        sent.add(new UnitOption(SECTION, APPLY_SET, set));
        return sent;
    }

    /** The set that created a stored unit; empty for a unit created another way. */
    public static Optional<String> applySet(UnitFile file) {
        return file.lastValue(SECTION, APPLY_SET);
    }

    /** The state a local file asks for: its {@code DesiredState}, else {@code launched}. */
    public static DesiredState desiredState(UnitFile file) {
        Optional<String> given = file.lastValue(SECTION, DESIRED_STATE);
        if (given.isEmpty()) {
            return DesiredState.LAUNCHED;
        }
        return DesiredState.parse(given.get().trim());
    }

    private static boolean isApplyKey(UnitOption o) {
        return o.section().equals(SECTION) && (o.name().equals(DESIRED_STATE) || o.name().equals(APPLY_SET));
    }
}
