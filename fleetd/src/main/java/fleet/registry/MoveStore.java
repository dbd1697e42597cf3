package fleet.registry;

import java.util.List;
import java.util.Optional;

/**
 * {@code moves/}: the rebalancing moves users ask for. The API writes a request (no outcome); the
 * leader carries it out and writes the outcome through {@link EngineStore}, fenced.
 */
public final class MoveStore {
    private final Etcd etcd;

    MoveStore(Etcd etcd) {
        this.etcd = etcd;
    }

    /** Records {@code request} for its unit, replacing an earlier one; the engine's next pass decides it. */
    public void request(MoveRecord request) {
        UnitStore.validateName(request.unit());
        MachineIds.validate(request.from());
        MachineIds.validate(request.to());
        etcd.commit(List.of(), List.of(etcd.put(EtcdKeys.move(request.unit()), RegistryJson.write(request))), List.of(),
                "request move of " + request.unit());
    }

    /** The move on record for {@code unit}, pending or decided. */
    public Optional<MoveRecord> get(String unit) {
        UnitStore.validateName(unit);
        return etcd.get(EtcdKeys.move(unit), 0).single().map(k -> RegistryJson.read(k, MoveRecord.class));
    }
}
