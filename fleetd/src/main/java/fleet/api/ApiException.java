package fleet.api;

/** A request refused with an HTTP status and a message the client sees in the error envelope. */
final class ApiException extends RuntimeException {
    private final int status;

    ApiException(int status, String message) {
        super(message == null ? "" : message);
        this.status = status;
    }

    int status() {
        return status;
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    static ApiException conflict(String message) {
        return new ApiException(409, message);
    }
}
