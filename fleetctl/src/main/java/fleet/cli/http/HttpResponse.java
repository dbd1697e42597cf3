package fleet.cli.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A fully read response. Header names are lower-case. */
public record HttpResponse(int status, Map<String, String> headers, byte[] body) {
    public String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }
}
