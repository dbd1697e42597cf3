package fleet.api;

/** What the API tells an observer (each request answered) and asks of it (the text served at {@code /metrics}). */
public interface ApiMetrics {
    ApiMetrics NONE = new ApiMetrics() {
        @Override
        public void answered(String method, String route, int status, long nanos) {
        }

        @Override
        public String scrape() {
            return "";
        }
    };

    /** {@code route} is the route's template ({@link ApiRouteLabel}), never a path with a unit's name. */
    void answered(String method, String route, int status, long nanos);

    /**
     * Where a request run on a worker spent its time: waiting for a worker after the event loop handed
     * it off, running there (the registry's calls), and waiting for the event loop to write the reply.
     */
    default void handedOff(String method, String route, long queuedNanos, long ranNanos, long returnedNanos) {
    }

    /** Every metric, in Prometheus' text exposition format 0.0.4. */
    String scrape();
}
