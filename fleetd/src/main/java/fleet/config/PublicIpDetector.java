package fleet.config;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Finds the IPv4 to publish when {@code public_ip} is empty, as fleet did: the address of the
 * interface holding the default route (read from {@code /proc/net/route}); else the first
 * non-loopback IPv4 of any interface that is up; else 127.0.0.1, with a warning.
 */
final class PublicIpDetector {
    private final Path procNetRoute;
    private final Function<String, List<InetAddress>> addressesOf;
    private final Supplier<List<InetAddress>> allAddresses;

    PublicIpDetector(Path procNetRoute, Function<String, List<InetAddress>> addressesOf,
                     Supplier<List<InetAddress>> allAddresses) {
        this.procNetRoute = procNetRoute;
        this.addressesOf = addressesOf;
        this.allAddresses = allAddresses;
    }

    /** Uses the machine's real interfaces. */
    static PublicIpDetector system(Path procNetRoute) {
        return new PublicIpDetector(procNetRoute, PublicIpDetector::interfaceAddresses, PublicIpDetector::upAddresses);
    }

    String detect(Consumer<String> warn) {
        Optional<String> iface = readRoutes().flatMap(PublicIpDetector::defaultRouteInterface);
        Optional<String> ip = iface.flatMap(name -> firstIpv4(addressesOf.apply(name)));
        if (ip.isPresent()) {
            return ip.get();
        }
        ip = firstIpv4(allAddresses.get());
        if (ip.isPresent()) {
            warn.accept("public_ip not set and no default-route interface address found"
                    + iface.map(n -> " (interface " + n + ")").orElse("") + "; using " + ip.get());
            return ip.get();
        }
        warn.accept("public_ip not set and no non-loopback IPv4 address found; publishing 127.0.0.1");
        return "127.0.0.1";
    }

    /**
     * The interface of the default route (destination and mask 0, flag RTF_UP) with the lowest
     * metric, from the text of {@code /proc/net/route}.
     */
    static Optional<String> defaultRouteInterface(List<String> lines) {
        String best = null;
        long bestMetric = Long.MAX_VALUE;
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] f = line.strip().split("\\s+");
            if (f.length < 8) {
                continue;
            }
            try {
                boolean up = (Integer.parseInt(f[3], 16) & 0x1) != 0;
                long metric = Long.parseLong(f[6]);
                if (up && f[1].equals("00000000") && f[7].equals("00000000") && metric < bestMetric) {
                    best = f[0];
                    bestMetric = metric;
                }
            } catch (NumberFormatException e) {
                // a line we do not understand is not a default route
            }
        }
        return Optional.ofNullable(best);
    }

    private Optional<List<String>> readRoutes() {
        try {
            return Optional.of(Files.readAllLines(procNetRoute));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> firstIpv4(List<InetAddress> addresses) {
        return addresses.stream()
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                .map(InetAddress::getHostAddress)
                .findFirst();
    }

    private static List<InetAddress> interfaceAddresses(String name) {
        try {
            NetworkInterface ni = NetworkInterface.getByName(name);
            return ni == null ? List.of() : Collections.list(ni.getInetAddresses());
        } catch (SocketException e) {
            return List.of();
        }
    }

    private static List<InetAddress> upAddresses() {
        try {
            return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                    .filter(PublicIpDetector::isUp)
                    .flatMap(NetworkInterface::inetAddresses)
                    .toList();
        } catch (SocketException e) {
            return List.of();
        }
    }

    private static boolean isUp(NetworkInterface ni) {
        try {
            return ni.isUp() && !ni.isLoopback();
        } catch (SocketException e) {
            return false;
        }
    }
}
