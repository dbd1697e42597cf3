package fleet.registry;

import java.util.List;
import java.util.OptionalInt;

import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;

/** {@code engine/version}: the cluster's engine protocol version, raised by a leader with compare-and-set. */
public final class EngineVersion {
    private final Etcd etcd;

    EngineVersion(Etcd etcd) {
        this.etcd = etcd;
    }

    /** The stored version, or empty when no engine has written one yet. */
    public OptionalInt read() {
        return etcd.get(EtcdKeys.ENGINE_VERSION, 0).single()
                .map(k -> OptionalInt.of(RegistryJson.read(k, Integer.class)))
                .orElse(OptionalInt.empty());
    }

    /**
     * Sets the version to {@code next} if it is still {@code expected} (empty = absent); fenced like
     * every engine write. Returns false when another value was found; {@link FenceLostException} when
     * this process is no longer the leader.
     */
    public boolean compareAndSet(Fence fence, OptionalInt expected, int next) {
        String key = EtcdKeys.ENGINE_VERSION;
        Cmp current = expected.isPresent()
                ? new Cmp(etcd.key(key), Cmp.Op.EQUAL,
                        CmpTarget.value(Etcd.bytes(RegistryJson.write(expected.getAsInt()))))
                : etcd.absent(key);
        boolean ok = etcd.commit(List.of(Etcd.fence(fence), current), List.of(etcd.put(key, RegistryJson.write(next))),
                List.of(), "set engine version").isSucceeded();
        if (!ok && !fenceHolds(fence)) {
            throw new FenceLostException(fence, 0);
        }
        return ok;
    }

    private boolean fenceHolds(Fence fence) {
        return etcd.commit(List.of(Etcd.fence(fence)), List.of(), List.of(), "check fence").isSucceeded();
    }
}
