package fleet.api;

import java.util.List;

/** Slicing a listing read at one revision into the page a token asks for. */
final class Pages {
    private Pages() {}

    /** One page's items and the token of the next page (null on the last page). */
    record Slice<T>(List<T> items, String nextPageToken) {}

    /** The first page of a listing read at {@code revision} when {@code token} is null. */
    static PageToken effective(PageToken token, int tokenLimit, long revision) {
        return token != null ? token : new PageToken(tokenLimit, 1, revision);
    }

    /** Like fleet: a next token exactly when this page is full (so a last full page has one, leading to an empty page). */
    static <T> Slice<T> slice(List<T> all, PageToken token) {
        long start = (long) (token.page() - 1) * token.limit();
        long stop = (long) token.page() * token.limit();
        if (start >= all.size()) {
            return new Slice<>(List.of(), null);
        }
        if (stop > all.size()) {
            return new Slice<>(all.subList((int) start, all.size()), null);
        }
        return new Slice<>(all.subList((int) start, (int) stop), token.next().encode());
    }
}
