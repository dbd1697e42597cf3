package fleet.registry;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records what a {@link RegistryWatch} delivers. */
final class WatchRecorder implements WatchListener {
    final List<KeyEvent> events = new CopyOnWriteArrayList<>();
    final List<Long> resyncs = new CopyOnWriteArrayList<>();

    @Override
    public void onEvents(List<KeyEvent> batch) {
        events.addAll(batch);
    }

    @Override
    public void resync(long revision) {
        resyncs.add(revision);
    }

    List<String> keys() {
        return events.stream().map(KeyEvent::key).toList();
    }
}
