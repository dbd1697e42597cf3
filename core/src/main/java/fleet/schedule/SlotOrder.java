package fleet.schedule;

import fleet.constraint.Candidate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.TreeSet;

/**
 * The machines of each metadata class in the strategy's order of preference, kept sorted as loads
 * change (a slot is taken out before it changes and filed again after). Walking the candidates
 * for a unit merges the sorted sets of the classes whose metadata it accepts.
 */
final class SlotOrder {
    /** Sort key; smaller is preferred. Fields a, b, c are strategy-specific, then the machine ID. */
    record Key(long a, long b, long c, String id, MachineSlot slot) {
    }

    private static final Comparator<Key> ORDER = Comparator.comparingLong(Key::a)
            .thenComparingLong(Key::b).thenComparingLong(Key::c).thenComparing(Key::id);

    private final Strategy strategy;
    private final List<TreeSet<Key>> byClass = new ArrayList<>();
    /** Every machine: walked instead of merging when a unit accepts every class. */
    private final TreeSet<Key> all = new TreeSet<>(ORDER);

    SlotOrder(Strategy strategy, int classes) {
        this.strategy = strategy;
        for (int i = 0; i < classes; i++) {
            byClass.add(new TreeSet<>(ORDER));
        }
    }

    void file(MachineSlot s) {
        s.key = keyOf(s);
        byClass.get(s.metadataClass).add(s.key);
        all.add(s.key);
    }

    void unfile(MachineSlot s) {
        byClass.get(s.metadataClass).remove(s.key);
        all.remove(s.key);
    }

    private Key keyOf(MachineSlot s) {
        if (strategy == Strategy.BINPACK) {
            // Least free memory first, then least free CPU, then most units: the fullest machine.
            return new Key(s.free().memoryBytes(), s.free().cpuMillis(), -s.load(), s.id(), s);
        }
        return new Key(s.load(), 0, 0, s.id(), s);
    }

    /** Machines of the given classes, most preferred first; BINPACK skips those short of memory. */
    Iterator<MachineSlot> walk(int[] classes, Candidate unit) {
        Key from = strategy == Strategy.BINPACK
                ? new Key(unit.requests().memoryBytes(), Long.MIN_VALUE, Long.MIN_VALUE, "", null)
                : null;
        if (classes.length == byClass.size()) {
            return new Single(from == null ? all.iterator() : all.tailSet(from, true).iterator());
        }
        List<Iterator<Key>> its = new ArrayList<>(classes.length);
        for (int c : classes) {
            TreeSet<Key> set = byClass.get(c);
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
