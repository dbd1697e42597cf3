package fleet.cli.api;

import java.util.List;

/** The paged list bodies of API v1. */
final class Pages {
    private Pages() {}

    record UnitPage(List<Unit> units, String nextPageToken) {
    }

    record UnitStatePage(List<UnitState> states, String nextPageToken) {
    }

    record MachinePage(List<Machine> machines, String nextPageToken) {
    }

    record ErrorBody(ErrorDetail error) {
    }

    record ErrorDetail(int code, String message) {
    }

    /** The body of a PUT: absent fields are not sent. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    record UnitPut(String name, List<fleet.unit.UnitOption> options, String desiredState) {
    }
}
