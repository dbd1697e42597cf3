package fleet.bench;

import fleet.api.ApiMetrics;

/**
 * The API's own account of its requests run on a worker, recorded while {@link #recording} is on:
 * the wait for a worker after the event loop's hand-off, the run there (the registry's etcd calls),
 * and the wait for the event loop to write the reply. Whatever else a client measures is HTTP and
 * the routing on the event loop.
 */
final class ApiStages implements ApiMetrics {
    private volatile boolean recording;
    private Latencies queued = new Latencies();
    private Latencies ran = new Latencies();
    private Latencies returned = new Latencies();

    /** Starts a fresh recording. */
    synchronized void record() {
        queued = new Latencies();
        ran = new Latencies();
        returned = new Latencies();
        recording = true;
    }

    /** Stops recording; the p50 of each stage, in ms: queued, ran, returned. */
    synchronized double[] stop() {
        recording = false;
        return new double[] {queued.percentileMillis(50), ran.percentileMillis(50), returned.percentileMillis(50)};
    }

    @Override
    public synchronized void handedOff(String method, String route, long queuedNanos, long ranNanos, long returnedNanos) {
        if (recording) {
            queued.add(queuedNanos);
            ran.add(ranNanos);
            returned.add(returnedNanos);
        }
    }

    @Override
    public void answered(String method, String route, int status, long nanos) {
    }

    @Override
    public String scrape() {
        return "";
    }
}
