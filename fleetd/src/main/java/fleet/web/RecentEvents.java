package fleet.web;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** The last {@code capacity} events, newest first. Not thread-safe: the live view's loop owns it. */
final class RecentEvents {
    private final int capacity;
    private final Deque<ViewEvent> events = new ArrayDeque<>();

    RecentEvents(int capacity) {
        this.capacity = capacity;
    }

    void addAll(List<ViewEvent> happened) {
        for (ViewEvent e : happened) {
            events.addFirst(e);
            if (events.size() > capacity) {
                events.removeLast();
            }
        }
    }

    List<ViewEvent> newestFirst() {
        return new ArrayList<>(events);
    }
}
