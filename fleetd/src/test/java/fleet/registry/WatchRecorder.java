package fleet.registry;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records what a {@link RegistryWatch} delivers, and passes it on to another listener if given. */
final class WatchRecorder implements WatchListener {
    final List<KeyEvent> events = new CopyOnWriteArrayList<>();
    final List<Long> resyncs = new CopyOnWriteArrayList<>();
    private final WatchListener next;

    WatchRecorder() {
        this(null);
    }

    WatchRecorder(WatchListener next) {
        this.next = next;
    }

    @Override
    public void onEvents(List<KeyEvent> batch) {
        events.addAll(batch);
        if (next != null) {
            next.onEvents(batch);
        }
    }

    @Override
    public void resync(long revision) {
        resyncs.add(revision);
        if (next != null) {
            next.resync(revision);
        }
    }

    List<String> keys() {
        return events.stream().map(KeyEvent::key).toList();
    }
}
