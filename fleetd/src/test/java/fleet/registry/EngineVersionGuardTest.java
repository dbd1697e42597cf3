package fleet.registry;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import fleet.testing.EtcdExtension;

class EngineVersionGuardTest {
    @RegisterExtension
    static EtcdExtension etcd = new EtcdExtension();
    private static final AtomicInteger prefixes = new AtomicInteger();

    private Client client;
    private KV kv;
    private String prefix;
    private EngineVersionGuard guard;

    @BeforeEach
    void setUp() {
        client = Client.builder().endpoints(etcd.endpoint()).build();
        kv = client.getKVClient();
        prefix = "/v" + prefixes.incrementAndGet() + "/";
        guard = new EngineVersionGuard(kv, prefix, Duration.ofSeconds(2));
    }

    @AfterEach
    void tearDown() {
        client.close();
    }

    private void store(String value) throws Exception {
        kv.put(ByteSequence.from(prefix + "engine/version", UTF_8), ByteSequence.from(value, UTF_8)).get();
    }

    private String stored() throws Exception {
        return FencedWrite.get(kv, prefix + "engine/version");
    }

    @Test
    void theFirstEngineSetsTheVersion() throws Exception {
        var verdict = guard.admit(1);
        assertThat(verdict.mayLead()).isTrue();
        assertThat(stored()).isEqualTo("1");
    }

    @Test
    void aLowerVersionRefusesAndChangesNothing() throws Exception {
        store("3");
        var verdict = guard.admit(2);
        assertThat(verdict.mayLead()).isFalse();
        assertThat(verdict.clusterVersion()).isEqualTo(3);
        assertThat(verdict.reason()).contains("cluster engine version 3 is newer than ours (2)");
        assertThat(stored()).isEqualTo("3");
    }

    @Test
    void aHigherVersionUpgradesTheCluster() throws Exception {
        store("1");
        var verdict = guard.admit(2);
        assertThat(verdict.mayLead()).isTrue();
        assertThat(verdict.reason()).contains("upgraded from 1 to 2");
        assertThat(stored()).isEqualTo("2");
        assertThat(guard.admit(1).mayLead()).as("the old engine is locked out after the upgrade").isFalse();
    }

    @Test
    void anEqualVersionLeadsWithoutWriting() throws Exception {
        store("2");
        long before = kv.get(ByteSequence.from(prefix + "engine/version", UTF_8)).get().getKvs().get(0).getModRevision();
        assertThat(guard.admit(2).mayLead()).isTrue();
        long after = kv.get(ByteSequence.from(prefix + "engine/version", UTF_8)).get().getKvs().get(0).getModRevision();
        assertThat(after).isEqualTo(before);
    }

    @Test
    void garbageInTheKeyRefusesRatherThanOverwriting() throws Exception {
        store("two");
        var verdict = guard.admit(5);
        assertThat(verdict.mayLead()).isFalse();
        assertThat(verdict.reason()).contains("not an integer");
        assertThat(stored()).isEqualTo("two");
    }
}
