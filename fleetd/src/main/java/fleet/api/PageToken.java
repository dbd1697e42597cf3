package fleet.api;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;

/**
 * An opaque page token: URL-safe base64 of little-endian {@code limit (uint16), page (uint16),
 * revision (int64)}. The first four bytes are fleet's own token layout; the revision is ours, so
 * every page of one listing is read at the etcd revision of its first page (a consistent snapshot,
 * where fleet re-read the collection for every page).
 */
record PageToken(int limit, int page, long revision) {
    private static final int BYTES = 12;

    String encode() {
        ByteBuffer b = ByteBuffer.allocate(BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) limit).putShort((short) page).putLong(revision);
        return Base64.getUrlEncoder().encodeToString(b.array());
    }

    PageToken next() {
        return new PageToken(limit, page + 1, revision);
    }

    /** The token of a request's {@code nextPageToken} parameters, or null for the first page. */
    static PageToken fromQuery(List<String> values, int tokenLimit) {
        if (values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw ApiException.badRequest("too many values for page token");
        }
        PageToken t = decode(values.get(0));
        if (t.limit() != tokenLimit) {
            throw ApiException.badRequest("token limit must be " + tokenLimit);
        }
        if (t.page() == 0) {
            throw ApiException.badRequest("token page must be greater than zero");
        }
        if (t.revision() <= 0) {
            throw ApiException.badRequest("invalid page token: no etcd revision");
        }
        return t;
    }

    static PageToken decode(String text) {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid page token: not URL-safe base64");
        }
        if (raw.length != BYTES) {
            throw ApiException.badRequest("invalid page token: expected " + BYTES + " bytes, got " + raw.length
                    + " (tokens are only valid for the listing that returned them)");
        }
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        return new PageToken(Short.toUnsignedInt(b.getShort()), Short.toUnsignedInt(b.getShort()), b.getLong());
    }
}
