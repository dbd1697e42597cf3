package fleet.api;

/** The blocking part of a request (registry calls), run on a worker thread, never on the event loop. */
@FunctionalInterface
interface BlockingEndpoint {
    ApiReply call(ApiRequest request) throws Exception;
}
