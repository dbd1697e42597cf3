package fleet.schedule;

import fleet.constraint.Candidate;
import fleet.constraint.Resources;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.TreeSet;

/**
 * The machines of each metadata class in the strategy's order of preference, kept sorted as loads
 * change (a slot is taken out before it changes and filed again after). Walking the candidates
 * for a unit merges the sorted sets of the classes whose metadata it accepts.
 *
 * <p>For units with resource requests, the machines are also filed per request shape, holding
 * only the machines the shape fits: a walk then never steps over full machines, which in BINPACK
 * are exactly the ones sorted first. Real clusters use few shapes; past {@link #MAX_SHAPES} the
 * walk falls back to checking capacity machine by machine.
 */
final class SlotOrder {
    private static final int MAX_SHAPES = 32;

    /** Sort key; smaller is preferred. Fields a, b, c are strategy-specific, then the machine ID. */
    record Key(long a, long b, long c, String id, MachineSlot slot) {
    }

    private static final Comparator<Key> ORDER = Comparator.comparingLong(Key::a)
            .thenComparingLong(Key::b).thenComparingLong(Key::c).thenComparing(Key::id);

    /** Sorted machines per metadata class, and all of them together. */
    private static final class Sets {
        final List<TreeSet<Key>> byClass = new ArrayList<>();
        final TreeSet<Key> all = new TreeSet<>(ORDER);

        Sets(int classes) {
            for (int i = 0; i < classes; i++) {
                byClass.add(new TreeSet<>(ORDER));
            }
        }

        void add(Key k) {
            byClass.get(k.slot().metadataClass).add(k);
            all.add(k);
        }

        void remove(Key k) {
            byClass.get(k.slot().metadataClass).remove(k);
            all.remove(k);
        }
    }

    private final Strategy strategy;
    private final int classes;
    private final Sets machines;
    private final Map<Resources, Sets> fitting = new HashMap<>();
    private final List<MachineSlot> filed = new ArrayList<>();

    SlotOrder(Strategy strategy, int classes) {
        this.strategy = strategy;
        this.classes = classes;
        this.machines = new Sets(classes);
    }

    void file(MachineSlot s) {
        if (s.key == null) {
            filed.add(s);
        }
        s.key = keyOf(s);
        machines.add(s.key);
        Resources free = s.free();
        for (Map.Entry<Resources, Sets> e : fitting.entrySet()) {
            if (fits(e.getKey(), free)) {
                e.getValue().add(s.key);
            }
        }
    }

    void unfile(MachineSlot s) {
        machines.remove(s.key);
        for (Sets sets : fitting.values()) {
            sets.remove(s.key);
        }
    }

    private static boolean fits(Resources need, Resources free) {
        return need.cpuMillis() <= free.cpuMillis() && need.memoryBytes() <= free.memoryBytes();
    }

    private Key keyOf(MachineSlot s) {
        if (strategy == Strategy.BINPACK) {
            // Least free memory first, then least free CPU, then most units: the fullest machine.
            return new Key(s.free().memoryBytes(), s.free().cpuMillis(), -s.load(), s.id(), s);
        }
        return new Key(s.load(), 0, 0, s.id(), s);
    }

    /** The machines this request shape fits, filed on first use; null past the shape limit. */
    private Sets fittingSets(Resources need) {
        Sets sets = fitting.get(need);
        if (sets == null && fitting.size() < MAX_SHAPES) {
            sets = new Sets(classes);
            for (MachineSlot s : filed) {
                if (fits(need, s.free())) {
                    sets.add(s.key);
                }
            }
            fitting.put(need, sets);
        }
        return sets;
    }

    /** Machines of the given classes, most preferred first; those too full for the unit may be left out. */
    Iterator<MachineSlot> walk(int[] eligible, Candidate unit) {
        Sets sets = unit.requests().isNone() ? null : fittingSets(unit.requests());
        Key from = null;
        if (sets == null) {
            sets = machines;
            if (strategy == Strategy.BINPACK) {
                from = new Key(unit.requests().memoryBytes(), Long.MIN_VALUE, Long.MIN_VALUE, "", null);
            }
        }
        if (eligible.length == classes) {
            return new Single(from == null ? sets.all.iterator() : sets.all.tailSet(from, true).iterator());
        }
        List<Iterator<Key>> its = new ArrayList<>(eligible.length);
        for (int c : eligible) {
            TreeSet<Key> set = sets.byClass.get(c);
            its.add(from == null ? set.iterator() : set.tailSet(from, true).iterator());
        }
        return its.size() == 1 ? new Single(its.get(0)) : new Merge(its);
    }

    private record Single(Iterator<Key> it) implements Iterator<MachineSlot> {
        @Override
        public boolean hasNext() {
            return it.hasNext();
        }

        @Override
        public MachineSlot next() {
            return it.next().slot();
        }
    }

    /** k-way merge of sorted iterators. */
    private static final class Merge implements Iterator<MachineSlot> {
        private record Head(Key key, Iterator<Key> rest) {
        }

        private final PriorityQueue<Head> heads = new PriorityQueue<>(Comparator.comparing(Head::key, ORDER));

        Merge(List<Iterator<Key>> its) {
            for (Iterator<Key> it : its) {
                if (it.hasNext()) {
                    heads.add(new Head(it.next(), it));
                }
            }
        }

        @Override
        public boolean hasNext() {
            return !heads.isEmpty();
        }

        @Override
        public MachineSlot next() {
            Head h = heads.poll();
            if (h == null) {
                throw new NoSuchElementException();
            }
            if (h.rest().hasNext()) {
                heads.add(new Head(h.rest().next(), h.rest()));
            }
            return h.key().slot();
        }
    }
}
