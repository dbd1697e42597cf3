package fleet.registry;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import fleet.unit.UnitFile;
import fleet.unit.UnitHash;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;

/**
 * Reads a {@link UnitDetail} in two round trips: the unit's record, placement, reasons and states in
 * one transaction of reads (one revision), then its body at that revision. Read one after another
 * with a revision read first, the same answer took six.
 */
final class UnitDetailReader {
    private final Etcd etcd;

    UnitDetailReader(Etcd etcd) {
        this.etcd = etcd;
    }

    Optional<UnitDetail> read(String name) {
        UnitStore.validateName(name);
        String states = EtcdKeys.unitStates(name);
        TxnResponse r = etcd.commit(List.of(), List.of(etcd.getOp(EtcdKeys.unit(name)),
                etcd.getOp(EtcdKeys.placement(name)), etcd.getOp(EtcdKeys.reasons(name)),
                Op.get(etcd.key(states), GetOption.builder().withRange(Etcd.prefixEnd(etcd.key(states))).build())),
                List.of(), "read unit " + name);
        long rev = r.getHeader().getRevision();
        Optional<UnitRecord> record = first(r, 0).map(k -> RegistryJson.read(k, UnitRecord.class));
        if (record.isEmpty()) {
            return Optional.empty();
        }
        Map<UnitHash, UnitFile> body = UnitBodies.of(etcd, List.of(record.get().hash()), rev);
        return UnitBodies.join(record.get(), body).map(unit -> new UnitDetail(rev, unit,
                first(r, 1).map(k -> RegistryJson.read(k, String.class)).orElse(null),
                r.getGetResponses().get(3).getKvs().stream()
                        .map(kv -> RegistryJson.read(etcd.stored(kv), UnitStateRecord.class)).toList(),
                first(r, 2).map(k -> RegistryJson.read(k, UnitReasons.class)).orElse(null)));
    }

    private Optional<StoredKey> first(TxnResponse r, int op) {
        List<KeyValue> kvs = r.getGetResponses().get(op).getKvs();
        return kvs.isEmpty() ? Optional.empty() : Optional.of(etcd.stored(kvs.get(0)));
    }
}
