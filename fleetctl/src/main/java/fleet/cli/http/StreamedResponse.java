package fleet.cli.http;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/** A response whose body is read as it arrives (a followed journal); closing it closes the connection. */
public final class StreamedResponse implements Closeable {
    private final int status;
    private final Map<String, String> headers;
    private final InputStream body;
    private final Closeable connection;

    StreamedResponse(int status, Map<String, String> headers, InputStream body, Closeable connection) {
        this.status = status;
        this.headers = headers;
        this.body = body;
        this.connection = connection;
    }

    public int status() {
        return status;
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    public InputStream body() {
        return body;
    }

    @Override
    public void close() throws IOException {
        connection.close();
    }
}
