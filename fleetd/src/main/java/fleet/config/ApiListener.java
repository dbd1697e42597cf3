package fleet.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** One TCP listener of the HTTP API ({@code api_listeners}: {@code host:port}, IPv6 as {@code [::1]:port}). */
public record ApiListener(String host, int port) {

    /**
     * Loopback listeners may go without TLS; any other needs the api_tls_* files. Decided on what
     * the host resolves to, every address of it (a name such as {@code 127.0.0.1.example.invalid}
     * is not loopback because it reads like one); a host that does not resolve is not loopback.
     */
    public boolean loopback() {
        try {
            InetAddress[] all = InetAddress.getAllByName(host);
            return all.length > 0 && Arrays.stream(all).allMatch(InetAddress::isLoopbackAddress);
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /**
     * Where other machines reach this listener: its host, or {@code publicIp} when it listens on every
     * address (0.0.0.0 or ::); empty when that leaves no address.
     */
    public String reachableAt(String publicIp, int actualPort) {
        String h = host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]") ? publicIp : host;
        if (h == null || h.isEmpty()) {
            return "";
        }
        return new ApiListener(h, actualPort).toString();
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    static List<ApiListener> parseList(String text) {
        List<ApiListener> listeners = new ArrayList<>();
        for (String item : ListParser.parse(text)) {
            listeners.add(parse(item));
        }
        return List.copyOf(listeners);
    }

    public static ApiListener parse(String item) {
        int colon = item.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("\"" + item + "\" is not host:port");
        }
        String host = item.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("\"" + item + "\": write an IPv6 host in brackets, e.g. [::1]:8080");
        }
        int port;
        try {
            port = Integer.parseInt(item.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("\"" + item + "\" has no numeric port");
        }
        if (host.isEmpty() || port < 1 || port > 65535) {
            throw new IllegalArgumentException("\"" + item + "\" needs a host and a port 1-65535");
        }
        return new ApiListener(host, port);
    }
}
