package fleet.systemd;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.freedesktop.dbus.types.Variant;

/**
 * Turns systemd's PropertiesChanged bursts into distinct unit states. systemd's Unit signals carry
 * ActiveState and SubState but not LoadState (it is not a property that emits changes), so the load
 * state comes from the last known state, or from a lookup the first time and after each
 * daemon-reload. systemd repeats unchanged states often: {@link #update} answers a state only when
 * it differs from the last one answered for that unit.
 */
final class UnitStateCache {
    private final Map<String, UnitState> last = new ConcurrentHashMap<>();
    private final Map<String, String> loadStates = new ConcurrentHashMap<>();

    /**
     * The new state of the unit if these changed properties make one that differs from the last.
     * {@code lookupLoadState} is asked (rarely) for a unit whose load state is not known.
     */
    Optional<UnitState> update(String unitName, Map<String, Variant<?>> changed,
            Function<String, String> lookupLoadState) {
        UnitState before = last.get(unitName);
        String active = text(changed, "ActiveState", before == null ? null : before.active());
        String sub = text(changed, "SubState", before == null ? null : before.sub());
        if (active == null || sub == null) {
            return Optional.empty();
        }
        String load = text(changed, "LoadState", loadStates.get(unitName));
        if (load == null) {
            load = lookupLoadState.apply(unitName);
        }
        loadStates.put(unitName, load);
        UnitState now = new UnitState(load, active, sub);
        if (now.equals(before)) {
            return Optional.empty();
        }
        last.put(unitName, now);
        return Optional.of(now);
    }

    /** After a daemon-reload any unit's load state may have changed: look them up again. */
    void forgetLoadStates() {
        loadStates.clear();
    }

    private static String text(Map<String, Variant<?>> changed, String property, String fallback) {
        Variant<?> v = changed.get(property);
        return v != null && v.getValue() instanceof String s ? s : fallback;
    }
}
