package fleet.registry;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.GetOption;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import fleet.testing.EtcdExtension;
import fleet.testing.TestEnv;

class EngineLeadershipTest {
    @RegisterExtension
    static EtcdExtension etcd = new EtcdExtension();
    private static final AtomicInteger prefixes = new AtomicInteger();
    private static final Duration TTL = Duration.ofSeconds(3);

    private final List<Candidate> candidates = new ArrayList<>();
    private String prefix;
    private Client admin;

    @BeforeEach
    void setUp() {
        prefix = "/t" + prefixes.incrementAndGet() + "/";
        admin = Client.builder().endpoints(etcd.endpoint()).build();
    }

    @AfterEach
    void tearDown() {
        candidates.forEach(Candidate::close);
        admin.close();
    }

    private Candidate candidate(String id, Duration ttl) {
        return candidate(id, ttl, EngineVersionGuard.CURRENT_VERSION, false);
    }

    private Candidate candidate(String id, Duration ttl, int version, boolean disabled) {
        Candidate c = new Candidate(etcd.endpoint(), prefix, id, ttl, version, disabled);
        candidates.add(c);
        return c.start();
    }

    private List<Candidate> leaders() {
        return candidates.stream().filter(Candidate::leads).toList();
    }

    private Candidate awaitOneLeader(Duration within) {
        await().atMost(TestEnv.scaled(within)).until(() -> leaders().size() == 1);
        return leaders().get(0);
    }

    private String electedInEtcd() throws Exception {
        var kv = admin.getElectionClient().leader(ByteSequence.from(prefix + "engine/leader", UTF_8)).get().getKv();
        return kv.getValue().toString(UTF_8);
    }

    @Test
    void twoCandidatesExactlyOneLeads() throws Exception {
        candidate("a", TTL);
        candidate("b", TTL);
        Candidate leader = awaitOneLeader(Duration.ofSeconds(5));
        // several keep-alive rounds later, still exactly one, and it is the one etcd names
        await().during(TestEnv.scaled(Duration.ofSeconds(4))).atMost(TestEnv.scaled(Duration.ofSeconds(6)))
                .until(() -> leaders().equals(List.of(leader)));
        assertThat(electedInEtcd()).isEqualTo(leader.machineId);
        assertThat(leader.elected.get().key()).startsWith(prefix + "engine/leader/");
        assertThat(leader.electedCount).hasValue(1);
        assertThat(candidates).filteredOn(c -> c != leader).allMatch(c -> c.electedCount.get() == 0);
    }

    @Test
    void threeCandidatesExactlyOneLeadsAndAGracefulResignHandsOverAtOnce() throws Exception {
        Duration longTtl = Duration.ofSeconds(20); // a handover faster than this cannot come from lease expiry
        candidate("a", longTtl);
        candidate("b", longTtl);
        candidate("c", longTtl);
        Candidate first = awaitOneLeader(Duration.ofSeconds(5));
        await().during(TestEnv.scaled(Duration.ofSeconds(1))).atMost(TestEnv.scaled(Duration.ofSeconds(3)))
                .until(() -> leaders().size() == 1);

        first.leadership.close();
        assertThat(first.deposedCount).hasValue(1);
        assertThat(first.leadership.state()).isEqualTo(EngineLeadership.State.CLOSED);
        Candidate second = awaitOneLeader(Duration.ofSeconds(3));
        assertThat(second).isNotSameAs(first);
        assertThat(electedInEtcd()).isEqualTo(second.machineId);
        assertThat(second.elected.get().createRevision()).isGreaterThan(first.elected.get().createRevision());
    }

    @Test
    void aDeadLeaderIsReplacedWithinTheTtl() {
        candidate("a", TTL);
        candidate("b", TTL);
        Candidate dead = awaitOneLeader(Duration.ofSeconds(5));
        Candidate survivor = candidates.stream().filter(c -> c != dead).findFirst().orElseThrow();

        dead.kill(); // no resign, no revoke: the key stays until etcd expires the lease
        await().atMost(TestEnv.scaled(TTL.plusSeconds(1))).until(survivor::leads);
        // the dead one's own watchdog stopped believing, without any answer from etcd
        await().atMost(TestEnv.scaled(TTL)).until(() -> !dead.leads() && dead.deposedCount.get() == 1);
    }

    @Test
    void aStaleLeadersFencedWriteIsRejectedWhereAnUnfencedOneWouldLand() throws Exception {
        Candidate stale = candidate("a", TTL);
        Fence staleFence = awaitOneLeader(Duration.ofSeconds(5)).elected.get();
        assertThat(staleFence).isNotNull();
        var kv = admin.getKVClient();
        assertThat(FencedWrite.put(kv, staleFence, prefix + "schedule/m1/a.service", "while leading")).isTrue();
        candidate("b", TTL);

        // the pause: the lease ends behind the leader's back (as when it expires during a GC pause)
        long leaseId = Long.parseUnsignedLong(staleFence.key().substring(staleFence.key().lastIndexOf('/') + 1), 16);
        admin.getLeaseClient().revoke(leaseId).get();
        // a new term begins; its leader may be "b" or "a" again, with a new key either way
        await().atMost(TestEnv.scaled(Duration.ofSeconds(5))).until(() -> leaders().size() == 1
                && !staleFence.equals(leaders().get(0).leadership.fence().orElse(staleFence)));
        Fence current = leaders().get(0).leadership.fence().orElseThrow();
        await().atMost(TestEnv.scaled(TTL)).until(() -> stale.deposedCount.get() >= 1); // the old term ended for its holder

        String key = prefix + "schedule/m2/b.service";
        assertThat(FencedWrite.put(kv, staleFence, key, "stale")).as("stale leader's fenced write").isFalse();
        assertThat(FencedWrite.get(kv, key)).as("nothing stored").isNull();
        assertThat(FencedWrite.put(kv, current, key, "new leader")).isTrue();
        assertThat(FencedWrite.get(kv, key)).isEqualTo("new leader");
        // without the compare the stale engine would have overwritten the new leader's decision
        FencedWrite.unfencedPut(kv, key, "stale");
        assertThat(FencedWrite.get(kv, key)).isEqualTo("stale");
    }

    @Test
    void aDisabledEngineNeverCampaigns() throws Exception {
        Candidate disabled = candidate("off", TTL, EngineVersionGuard.CURRENT_VERSION, true);
        await().during(TestEnv.scaled(Duration.ofSeconds(2))).atMost(TestEnv.scaled(Duration.ofSeconds(3)))
                .until(() -> !disabled.leads());
        assertThat(disabled.leadership.state()).isEqualTo(EngineLeadership.State.DISABLED);
        assertThat(keysUnder(prefix)).isZero();

        Candidate enabled = candidate("on", TTL);
        awaitOneLeader(Duration.ofSeconds(5));
        assertThat(enabled.leads()).isTrue();
        assertThat(disabled.electedCount).hasValue(0);
    }

    @Test
    void anOlderEngineRefusesToLeadAndANewerOneTakesOver() throws Exception {
        Candidate newer = candidate("new", TTL, 2, false);
        awaitOneLeader(Duration.ofSeconds(5));
        Candidate older = candidate("old", TTL, 1, false);
        await().atMost(TestEnv.scaled(Duration.ofSeconds(3)))
                .until(() -> older.leadership.state() == EngineLeadership.State.REFUSED);

        newer.leadership.close();
        await().during(TestEnv.scaled(Duration.ofSeconds(2))).atMost(TestEnv.scaled(Duration.ofSeconds(3)))
                .until(() -> !older.leads());
        assertThat(older.electedCount).hasValue(0);
    }

    private long keysUnder(String p) throws Exception {
        ByteSequence key = ByteSequence.from(p, UTF_8);
        return admin.getKVClient().get(key, GetOption.builder().isPrefix(true).withCountOnly(true).build()).get().getCount();
    }
}
