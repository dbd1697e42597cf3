package fleet.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublicIpDetectorTest {
    private static final String HEADER = "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT";
    @TempDir
    Path dir;
    final List<String> warnings = new ArrayList<>();

    @Test
    void picksTheUpDefaultRouteWithTheLowestMetric() {
        List<String> routes = List.of(HEADER,
                "docker0\tAC110000\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0",
                "wlan0\t00000000\t0101A8C0\t0003\t0\t0\t600\t00000000\t0\t0\t0",
                "eth1\t00000000\t0101A8C0\t0002\t0\t0\t10\t00000000\t0\t0\t0",
                "eth0\t00000000\t0102A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0");
        assertThat(PublicIpDetector.defaultRouteInterface(routes)).contains("eth0"); // eth1 is down (no RTF_UP)
    }

    @Test
    void noDefaultRouteInGarbageOrEmptyFiles() {
        assertThat(PublicIpDetector.defaultRouteInterface(List.of())).isEmpty();
        assertThat(PublicIpDetector.defaultRouteInterface(List.of(HEADER, "eth0 zz 0 xx 0 0 0 00000000"))).isEmpty();
    }

    @Test
    void usesTheDefaultRouteInterfaceAddress() throws IOException {
        Path route = routeVia("eth0");
        PublicIpDetector d = new PublicIpDetector(route,
                name -> name.equals("eth0") ? addrs("fe80::1", "10.0.0.5") : List.of(), () -> addrs("172.16.0.1"));
        assertThat(d.detect(warnings::add)).isEqualTo("10.0.0.5");
        assertThat(warnings).isEmpty();
    }

    @Test
    void fallsBackToAnyNonLoopbackThenLoopbackWithWarnings() throws IOException {
        PublicIpDetector any = new PublicIpDetector(dir.resolve("missing"), name -> List.of(), () -> addrs("127.0.0.1", "172.16.0.1"));
        assertThat(any.detect(warnings::add)).isEqualTo("172.16.0.1");
        PublicIpDetector none = new PublicIpDetector(routeVia("eth0"), name -> List.of(), () -> addrs("127.0.0.1"));
        assertThat(none.detect(warnings::add)).isEqualTo("127.0.0.1");
        assertThat(warnings).hasSize(2);
        assertThat(warnings.get(1)).contains("publishing 127.0.0.1");
    }

    @Test
    void realInterfaceLookupFindsTheInterfacesAddress() throws IOException {
        Optional<NetworkInterface> iface = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .filter(ni -> !ni.getName().equals("lo") && ni.inetAddresses().anyMatch(a -> a instanceof Inet4Address))
                .findFirst();
        Assumptions.assumeTrue(iface.isPresent(), "no interface with an IPv4 address");
        String expected = iface.get().inetAddresses().filter(a -> a instanceof Inet4Address)
                .map(InetAddress::getHostAddress).findFirst().orElseThrow();
        assertThat(PublicIpDetector.system(routeVia(iface.get().getName())).detect(warnings::add)).isEqualTo(expected);
    }

    private Path routeVia(String iface) throws IOException {
        return Files.write(dir.resolve("route"), List.of(HEADER,
                iface + "\t00000000\t0102A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0"));
    }

    private static List<InetAddress> addrs(String... literals) {
        List<InetAddress> out = new ArrayList<>();
        for (String l : literals) {
            try {
                out.add(InetAddress.getByName(l));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }
}
