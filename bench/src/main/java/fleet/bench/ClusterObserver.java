package fleet.bench;

import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import fleet.registry.EtcdRegistry;
import fleet.registry.KeyEvent;
import fleet.registry.WatchHandle;
import fleet.registry.WatchListener;

/**
 * What etcd says, not what the benchmark sent: watches {@code schedule/} and {@code states/} and
 * keeps each unit's placement and the machines that publish it active. A unit runs when the
 * machine it is placed on publishes it active. Times are {@link System#nanoTime()} at delivery.
 */
final class ClusterObserver implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> placement = new HashMap<>();
    /** unit → machines publishing it active */
    private final Map<String, Set<String>> activeOn = new HashMap<>();
    private final Set<String> running = new HashSet<>();
    /** unit → when it was last placed on a machine (a PUT of its schedule key) */
    private final Map<String, Long> placedAt = new HashMap<>();
    /** unit → when it last became running */
    private final Map<String, Long> runningSince = new HashMap<>();
    private final WatchHandle schedules;
    private final WatchHandle states;

    ClusterObserver(EtcdRegistry registry) {
        long from = registry.revision() + 1;
        schedules = registry.watch("schedule/", from, listener(this::onSchedule));
        states = registry.watch("states/", from, listener(this::onState));
    }

    private WatchListener listener(Consumer<KeyEvent> each) {
        return new WatchListener() {
            @Override
            public void onEvents(List<KeyEvent> events) {
                events.forEach(each);
            }

            @Override
            public void resync(long revision) {
                throw new IllegalStateException("the benchmark's etcd compacted its history: the counts would be wrong");
            }
        };
    }

    /** {@code schedule/<machine>/<unit>} */
    private synchronized void onSchedule(KeyEvent e) {
        String[] parts = e.key().split("/", 3);
        String machine = parts[1];
        String unit = parts[2];
        if (e.type() == KeyEvent.Type.PUT) {
            placement.put(unit, machine);
            placedAt.put(unit, System.nanoTime());
        } else if (machine.equals(placement.get(unit))) {
            placement.remove(unit);
        }
        update(unit);
    }

    /** {@code states/<unit>/<machine>} */
    private synchronized void onState(KeyEvent e) {
        int slash = e.key().lastIndexOf('/');
        String unit = e.key().substring("states/".length(), slash);
        String machine = e.key().substring(slash + 1);
        Set<String> on = activeOn.computeIfAbsent(unit, u -> new HashSet<>());
        if (e.type() == KeyEvent.Type.PUT && "active".equals(activeState(e.value()))) {
            on.add(machine);
        } else {
            on.remove(machine);
        }
        update(unit);
    }

    private void update(String unit) {
        String where = placement.get(unit);
        boolean now = where != null && activeOn.getOrDefault(unit, Set.of()).contains(where);
        if (now && running.add(unit)) {
            runningSince.put(unit, System.nanoTime());
            notifyAll();
        } else if (!now) {
            running.remove(unit);
        }
    }

    private static String activeState(String json) {
        try {
            JsonNode n = JSON.readTree(json);
            return n.path("activeState").asText();
        } catch (IOException e) {
            return "";
        }
    }

    synchronized int running() {
        return running.size();
    }

    synchronized boolean isRunning(String unit) {
        return running.contains(unit);
    }

    /** Waits until at least {@code count} units run; false when {@code timeoutNanos} passed first. */
    synchronized boolean awaitRunning(int count, long deadlineNanos) throws InterruptedException {
        while (running.size() < count) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /** When the latest of the running units became running (Long.MIN_VALUE when none runs). */
    synchronized long lastBecameRunning() {
        return running.stream().mapToLong(u -> runningSince.get(u)).max().orElse(Long.MIN_VALUE);
    }

    synchronized String placementOf(String unit) {
        return placement.get(unit);
    }

    synchronized Map<String, String> placements() {
        return Map.copyOf(placement);
    }

    synchronized long placedAt(String unit) {
        return placedAt.getOrDefault(unit, Long.MIN_VALUE);
    }

    synchronized long runningSince(String unit) {
        return runningSince.getOrDefault(unit, Long.MIN_VALUE);
    }

    @Override
    public void close() {
        schedules.close();
        states.close();
    }
}
