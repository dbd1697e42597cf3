package fleet.api;

/** What a handler answers: a status and a JSON entity (null = no body, e.g. 201 and 204). */
record ApiReply(int status, Object body) {
    static ApiReply ok(Object body) {
        return new ApiReply(200, body);
    }

    static ApiReply created() {
        return new ApiReply(201, null);
    }

    static ApiReply noContent() {
        return new ApiReply(204, null);
    }
}
