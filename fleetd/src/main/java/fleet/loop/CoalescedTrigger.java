package fleet.loop;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Asks a loop for one more run of its pass: requests made while one is queued are merged into it
 * (a burst of watch events makes one pass, not one per event). Safe from any thread.
 */
public final class CoalescedTrigger {
    private final LoopThread thread;
    private final Runnable pass;
    private final AtomicBoolean queued = new AtomicBoolean();

    public CoalescedTrigger(LoopThread thread, Runnable pass) {
        this.thread = thread;
        this.pass = pass;
    }

    public void fire() {
        if (queued.compareAndSet(false, true)) {
            thread.execute(() -> {
                queued.set(false);
                pass.run();
            });
        }
    }
}
