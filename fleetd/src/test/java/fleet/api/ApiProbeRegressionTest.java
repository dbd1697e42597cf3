package fleet.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import fleet.testing.EtcdExtension;
import fleet.testing.TestEnv;

/**
 * What the API probe (issue #11) found to hold, kept holding: injected line breaks and NULs refused,
 * no request smuggled past Content-Length/Transfer-Encoding, and no write acknowledged during an etcd
 * pause lost afterwards.
 */
class ApiProbeRegressionTest {
    @RegisterExtension
    static EtcdExtension etcd = new EtcdExtension();

    private ApiFixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new ApiFixture(etcd, 100, List.of(), new LocalUnitInspector(), TestEnv.scaled(Duration.ofSeconds(1)));
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void lineBreaksAndNulsAreRefusedInNamesAndValuesAndNothingIsStored() throws Exception {
        for (String name : List.of("a%0d%0aX-Injected:%201.service", "a%0a.service", "a%00.service")) {
            assertThat(f.putJson("/fleet/v1/units/" + name, UnitsApiTest.unitJson(null, "launched", "x")).status())
                    .as(name).isEqualTo(400);
        }
        for (String value : List.of("/bin/true\\nExecStartPre=/bin/evil", "/bin/true\\r\\n[Install]", "/bin/true\\u0000x")) {
            var r = f.putJson("/fleet/v1/units/v.service", "{\"desiredState\":\"launched\",\"options\":[{\"section\":"
                    + "\"Service\",\"name\":\"ExecStart\",\"value\":\"" + value + "\"}]}");
            assertThat(r.status()).as(value).isEqualTo(400);
        }
        assertThat(f.registry.units().list().units()).isEmpty();
    }

    @Test
    void aRequestHiddenBehindConflictingLengthsIsNeverServed() throws Exception {
        assertThat(f.putJson("/fleet/v1/units/keep.service", UnitsApiTest.unitJson(null, "launched", "k")).status())
                .isEqualTo(201);
        String smuggling = "PUT /fleet/v1/units/s.service HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
                + "DELETE /fleet/v1/units/keep.service HTTP/1.1\r\nHost: x\r\n\r\n";
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(f.socket()))) {
            var out = Channels.newOutputStream(ch);
            out.write(smuggling.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            var first = HttpExchange.read(Channels.newInputStream(ch));
            assertThat(first.status()).as("the smuggling request itself").isBetween(400, 499);
        } catch (java.io.IOException closedAtOnce) {
            // refusing the connection outright is fine too
        }
        Thread.sleep(300);
        assertThat(f.get("/fleet/v1/units/keep.service").status()).as("the hidden DELETE never ran").isEqualTo(200);
    }

    @Test
    void noWriteAcknowledgedAcrossAnEtcdPauseIsLost() throws Exception {
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        long until = System.nanoTime() + Duration.ofSeconds(4).toNanos();
        try {
            List<Future<?>> writers = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                writers.add(pool.submit(() -> {
                    for (int i = 0; System.nanoTime() < until; i++) {
                        String name = "w" + thread + "-" + i + ".service";
                        if (f.putJson("/fleet/v1/units/" + name, UnitsApiTest.unitJson(null, "launched", name))
                                .status() == 201) {
                            acknowledged.add(name);
                        }
                    }
                    return null;
                }));
            }
            Thread.sleep(1000);
            etcd.process().freeze();
            try {
                Thread.sleep(2000);
            } finally {
                etcd.process().thaw();
            }
            for (Future<?> w : writers) {
                w.get(TestEnv.scaled(Duration.ofSeconds(60)).toMillis(), TimeUnit.MILLISECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        Set<String> stored = new java.util.HashSet<>();
        f.registry.units().list().units().forEach(u -> stored.add(u.name()));
        assertThat(acknowledged).isNotEmpty();
        assertThat(stored).as("every acknowledged write is in etcd").containsAll(acknowledged);
    }
}
