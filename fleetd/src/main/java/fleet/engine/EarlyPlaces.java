package fleet.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import fleet.registry.PlacementOp;
import fleet.registry.StoredUnit;
import fleet.schedule.Decision;

/**
 * Hands the scheduler's places to the writer in chunks while it decides the rest, so that writing
 * starts before the plan is whole. Only a pass's leading run of places goes early: from its first
 * unschedule on (a unit taken off may be placed again later in the pass, and then keeps its
 * {@code placement/} key), the rest is written in one call after the plan, as before.
 */
final class EarlyPlaces implements Consumer<Decision> {
    /** Places per chunk: one transaction's worth (two keys each). */
    static final int CHUNK = 64;

    private final Map<String, StoredUnit> units;
    private final Consumer<List<PlacementOp.Place>> writer;
    private final List<PlacementOp.Place> handed = new ArrayList<>();
    private List<PlacementOp.Place> chunk = new ArrayList<>(CHUNK);
    private boolean open;

    /** @param open whether places may go early at all (not when other ops come before them) */
    EarlyPlaces(boolean open, Map<String, StoredUnit> units, Consumer<List<PlacementOp.Place>> writer) {
        this.open = open;
        this.units = units;
        this.writer = writer;
    }

    @Override
    public void accept(Decision d) {
        if (!open) {
            return;
        }
        if (d instanceof Decision.Place p) {
            chunk.add(op(p, units));
            if (chunk.size() == CHUNK) {
                hand();
            }
        } else {
            close();
        }
    }

    /** No more go early; returns the places that went, in order (the plan's first ops). */
    List<PlacementOp.Place> close() {
        if (open && !chunk.isEmpty()) {
            hand();
        }
        open = false;
        return handed;
    }

    static PlacementOp.Place op(Decision.Place p, Map<String, StoredUnit> units) {
        StoredUnit u = units.get(p.unit());
        return new PlacementOp.Place(p.unit(), p.machine(), u.hash(), u.desiredState());
    }

    private void hand() {
        List<PlacementOp.Place> full = chunk;
        chunk = new ArrayList<>(CHUNK);
        handed.addAll(full);
        writer.accept(full);
    }
}
