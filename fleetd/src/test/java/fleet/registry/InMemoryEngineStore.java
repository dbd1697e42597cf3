package fleet.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import fleet.unit.DesiredState;
import fleet.unit.UnitFile;

/**
 * The engine's port held in memory, for tests of the engine's loop in simulated time. Its state is
 * an {@link EngineViewState}, changed by the same code that keeps the engine's view over etcd: the
 * test's changes to units and machines as the key events etcd would send (delivered to the watches
 * at once, on the caller's thread), the engine's writes as committed operations. One fence at a
 * time is valid ({@link #elect()}); writes under any other fail as over etcd, writing nothing.
 */
public final class InMemoryEngineStore implements EngineStore {
    private final EngineViewState state = new EngineViewState();
    private final List<Watching> watches = new CopyOnWriteArrayList<>();
    private long revision = 1;
    private long terms;
    private Fence validFence;
    private int writes;

    private record Watching(String prefix, WatchListener listener) {}

    /** A new leadership term: its fence is the only one writes succeed under. */
    public synchronized Fence elect() {
        validFence = new Fence("engine/leader/" + ++terms, ++revision);
        return validFence;
    }

    public synchronized void putMachine(MachineInfo machine) {
        change(KeyEvent.Type.PUT, EtcdKeys.machine(machine.id()), RegistryJson.write(machine), Map.of());
    }

    /** The machine's lease expired: its presence is gone. */
    public synchronized void removeMachine(String id) {
        change(KeyEvent.Type.DELETE, EtcdKeys.machine(id), "", Map.of());
    }

    public synchronized void putUnit(String name, UnitFile file, DesiredState desired) {
        UnitRecord record = UnitStore.record(name, file, desired);
        change(KeyEvent.Type.PUT, EtcdKeys.unit(name), RegistryJson.write(record), Map.of(file.hash(), file));
    }

    /** Where each unit is placed now, by unit. */
    public synchronized Map<String, String> placements() {
        Map<String, String> out = new java.util.TreeMap<>();
        state.snapshot().schedule().forEach(s -> out.put(s.name(), s.machineId()));
        return out;
    }

    public synchronized RegistrySnapshot snapshot() {
        return state.snapshot();
    }

    /** Placement operations committed so far. */
    public synchronized int writes() {
        return writes;
    }

    private void change(KeyEvent.Type type, String key, String value, Map<fleet.unit.UnitHash, UnitFile> bodies) {
        KeyEvent e = new KeyEvent(type, key, value, ++revision);
        state.apply(List.of(e), bodies);
        for (Watching w : watches) {
            if (key.startsWith(w.prefix())) {
                w.listener().onEvents(List.of(e));
            }
        }
    }

    @Override
    public EngineView newView() {
        return new EngineView() {
            @Override
            public WatchListener listener(Runnable wake) {
                return new WatchListener() {
                    @Override
                    public void onEvents(List<KeyEvent> events) {
                        wake.run();
                    }

                    @Override
                    public void resync(long at) {
                        wake.run();
                    }
                };
            }

            @Override
            public RegistrySnapshot current(boolean fullRead) {
                return snapshot();
            }

            @Override
            public long readRevision() {
                return revision();
            }

            @Override
            public boolean lastWasFullRead() {
                return true;
            }

            @Override
            public void applied(List<PlacementOp> ops, long at) {
                // every pass reads the store itself
            }

            @Override
            public void invalidate() {
                // nothing kept
            }
        };
    }

    @Override
    public synchronized PlacementResult apply(Fence fence, List<PlacementOp> ops) {
        DecisionWrites.placedUnits(ops);
        if (!fence.equals(validFence)) {
            throw new FenceLostException(fence, 0);
        }
        state.applyWrites(new ArrayList<>(ops), ++revision);
        writes += ops.size();
        return new PlacementResult(ops.size(), 1, revision);
    }

    /** Each send is committed at once, as one transaction. */
    @Override
    public PlacementStream stream(Fence fence) {
        List<PlacementOp> sent = new ArrayList<>();
        return new PlacementStream() {
            private PlacementResult last = new PlacementResult(0, 0, 0);
            private FenceLostException lost;

            @Override
            public void send(List<PlacementOp.Place> places) {
                sent.addAll(places);
                DecisionWrites.placedUnits(sent);
                if (lost == null) {
                    try {
                        PlacementResult r = apply(fence, List.copyOf(places));
                        last = new PlacementResult(last.committedOps() + r.committedOps(), last.transactions() + 1,
                                r.lastRevision());
                    } catch (FenceLostException e) {
                        lost = new FenceLostException(fence, last.committedOps());
                    }
                }
            }

            @Override
            public PlacementResult finish() {
                if (lost != null) {
                    throw lost;
                }
                return last;
            }
        };
    }

    @Override
    public WatchHandle watch(String prefix, long fromRevision, WatchListener listener) {
        Watching w = new Watching(prefix, listener);
        watches.add(w);
        return () -> watches.remove(w);
    }

    @Override
    public synchronized long revision() {
        return revision;
    }
}
