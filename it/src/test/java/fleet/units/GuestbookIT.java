package fleet.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import fleet.cluster.FleetApiClient;
import fleet.testing.LabExtension;
import fleet.testing.LabMachine;
import fleet.testing.TestEnv;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;

/**
 * The example app of units/examples really running on four lab machines: a redis primary on the
 * role=db machine, two replicas on two of the three role=web machines, and three web frontends
 * (with their etcd-announcing sidekicks) one per machine. An entry written through one frontend is
 * still readable after that frontend's machine loses power and fleet moves the frontend to the
 * machine that had none. A wait that times out reports what fleet says about every unit,
 * including the engine's reasons for any it could not place ({@link Guestbook}).
 */
@Tag("lab")
class GuestbookIT {
    @RegisterExtension
    static LabExtension lab = LabExtension.machines(4).withFleetd()
            .metadata(1, "role=db").metadata(2, "role=web").metadata(3, "role=web").metadata(4, "role=web");

    static final Duration WAIT = TestEnv.scaled(Duration.ofSeconds(90));
    /** Instance names to the template file they are made from. */
    static final Map<String, String> UNITS = Map.of(
            "redis-primary.service", "redis-primary.service",
            "redis-replica@1.service", "redis-replica@.service",
            "redis-replica@2.service", "redis-replica@.service",
            "guestbook@1.service", "guestbook@.service",
            "guestbook@2.service", "guestbook@.service",
            "guestbook@3.service", "guestbook@.service",
            "guestbook-announce@1.service", "guestbook-announce@.service",
            "guestbook-announce@2.service", "guestbook-announce@.service",
            "guestbook-announce@3.service", "guestbook-announce@.service");

    static Client etcd;
    static Guestbook app;

    @BeforeAll
    static void installAppOnEveryMachine() throws Exception {
        FleetApiClient api = new FleetApiClient(lab.machine(1).ip(), 49153);
        etcd = Client.builder().endpoints(lab.etcdEndpoint()).build();
        app = new Guestbook(lab, api, GuestbookIT::etcdValue, UNITS);
        app.installOnEveryMachine();
        api.awaitMachines(lab.machines().size(), WAIT);
    }

    @AfterAll
    static void closeEtcd() {
        if (etcd != null) {
            etcd.close();
        }
    }

    @Test
    void anEntrySurvivesTheLossOfItsFrontendsMachine() throws Exception {
        LabMachine db = lab.machine(1);
        Guestbook.Frontend written = app.launchAndWrite(3, db, "hello from GuestbookIT", WAIT);
        int moving = written.n();
        String frontend = written.url();
        assertThat(Guestbook.entries(frontend)).contains("hello from GuestbookIT");
        // both replicas (one per web machine, never beside the primary) received it
        app.explainedRun(() -> await().atMost(WAIT).untilAsserted(() -> {
            for (int i = 1; i <= 2; i++) {
                String replica = etcdValue("/guestbook/redis/replicas/" + i).orElseThrow();
                assertThat(db.exec("redis-cli", "-h", replica, "lrange", "guestbook", "0", "-1").output())
                        .contains("hello from GuestbookIT");
            }
        }));

        LabMachine victim = app.machineOf("guestbook@" + moving + ".service").orElseThrow();
        lab.kill(victim);

        app.awaitMovedOff(moving, victim, "hello from GuestbookIT", WAIT);
        for (int i = 1; i <= 3; i++) {
            if (i != moving) {
                assertThat(Guestbook.entries(etcdValue("/guestbook/frontends/" + i).orElseThrow())).contains("hello from GuestbookIT");
            }
        }
    }

    static Optional<String> etcdValue(String key) throws Exception {
        var kvs = etcd.getKVClient().get(ByteSequence.from(key, StandardCharsets.UTF_8)).get().getKvs();
        return kvs.isEmpty() ? Optional.empty() : Optional.of(kvs.get(0).getValue().toString(StandardCharsets.UTF_8));
    }
}
