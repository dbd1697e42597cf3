package fleet.registry;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.PutOption;


/** The raw shape of an engine write, for tests: {@code If(createRevision(fence.key) == rev) Then(put)}. */
final class FencedWrite {
    private FencedWrite() {}

    static boolean put(KV kv, Fence fence, String key, String value) throws Exception {
        ByteSequence leaderKey = ByteSequence.from(fence.key(), UTF_8);
        return kv.txn()
                .If(new Cmp(leaderKey, Cmp.Op.EQUAL, CmpTarget.createRevision(fence.createRevision())))
                .Then(Op.put(ByteSequence.from(key, UTF_8), ByteSequence.from(value, UTF_8), PutOption.DEFAULT))
                .commit().get().isSucceeded();
    }

    /** The same put with no compare: what an unfenced engine would do. */
    static void unfencedPut(KV kv, String key, String value) throws Exception {
        kv.put(ByteSequence.from(key, UTF_8), ByteSequence.from(value, UTF_8)).get();
    }

    static String get(KV kv, String key) throws Exception {
        var kvs = kv.get(ByteSequence.from(key, UTF_8)).get().getKvs();
        return kvs.isEmpty() ? null : kvs.get(0).getValue().toString(UTF_8);
    }
}
