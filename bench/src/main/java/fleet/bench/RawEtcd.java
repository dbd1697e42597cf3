package fleet.bench;

import java.util.UUID;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.PutOption;

/** The baseline: one etcd round trip straight from jetcd, blocking as the registry does. */
final class RawEtcd {
    private final Client client;
    private final ByteSequence key = EngineBench.bytes("/bench-raw-" + UUID.randomUUID());
    private final ByteSequence value = EngineBench.bytes("{\"name\":\"web@0.service\",\"hash\":\"" + "a".repeat(40)
            + "\",\"desiredState\":\"launched\",\"global\":false}");

    RawEtcd(Client client) throws Exception {
        this.client = client;
        client.getKVClient().put(key, value).get();
    }

    void get(int i) throws Exception {
        client.getKVClient().get(key).get();
    }

    /** A compare-and-put, the shape of the API's writes. */
    void txn(int i) throws Exception {
        client.getKVClient().txn().If(new Cmp(key, Cmp.Op.GREATER, CmpTarget.createRevision(0)))
                .Then(Op.put(key, value, PutOption.DEFAULT)).commit().get();
    }
}
