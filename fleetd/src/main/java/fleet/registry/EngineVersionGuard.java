package fleet.registry;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.PutOption;

/**
 * The rolling-upgrade guard (fleet's {@code engine/version}): the key holds the highest engine
 * version that ever took part in this cluster. An engine with a lower version refuses to lead (its
 * scheduling rules may be older than the data); an engine with a higher one raises the key with a
 * compare-and-swap. The key is only ever raised.
 */
public final class EngineVersionGuard {
    /** The version of this engine's scheduling rules and key layout. */
    public static final int CURRENT_VERSION = 1;
    private static final int MAX_RACES = 10;

    private final KV kv;
    private final ByteSequence key;
    private final Duration timeout;

    public EngineVersionGuard(KV kv, String keyPrefix, Duration timeout) {
        this.kv = kv;
        this.key = ByteSequence.from(keyPrefix + "engine/version", StandardCharsets.UTF_8);
        this.timeout = timeout;
    }

    /** Whether an engine of {@code ourVersion} may lead, and why. */
    public record Verdict(boolean mayLead, long clusterVersion, String reason) {}

    /** Reads the cluster's version and raises it to ours if it is lower (or absent). */
    public Verdict admit(int ourVersion) throws InterruptedException, ExecutionException, TimeoutException {
        for (int race = 0; race < MAX_RACES; race++) {
            List<KeyValue> kvs = kv.get(key).get(timeout.toMillis(), TimeUnit.MILLISECONDS).getKvs();
            if (kvs.isEmpty()) {
                if (swap(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.version(0)), ourVersion)) {
                    return new Verdict(true, ourVersion, "cluster engine version set to " + ourVersion);
                }
                continue;
            }
            KeyValue current = kvs.get(0);
            String text = current.getValue().toString(StandardCharsets.UTF_8).strip();
            long cluster;
            try {
                cluster = Long.parseLong(text);
            } catch (NumberFormatException e) {
                return new Verdict(false, -1, "engine/version holds \"" + text + "\", not an integer; refusing to lead");
            }
            if (cluster > ourVersion) {
                return new Verdict(false, cluster, "cluster engine version " + cluster + " is newer than ours ("
                        + ourVersion + "); this engine will not lead until it is upgraded");
            }
            if (cluster == ourVersion) {
                return new Verdict(true, cluster, "cluster engine version " + cluster + " matches ours");
            }
            if (swap(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.modRevision(current.getModRevision())), ourVersion)) {
                return new Verdict(true, ourVersion, "cluster engine version upgraded from " + cluster + " to " + ourVersion);
            }
        }
        throw new TimeoutException("engine/version kept changing under " + MAX_RACES + " compare-and-swap attempts");
    }

    private boolean swap(Cmp expected, int version) throws InterruptedException, ExecutionException, TimeoutException {
        ByteSequence value = ByteSequence.from(Integer.toString(version), StandardCharsets.UTF_8);
        return kv.txn().If(expected).Then(Op.put(key, value, PutOption.DEFAULT)).commit()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS).isSucceeded();
    }
}
