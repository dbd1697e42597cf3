package fleet.cli.command;

import fleet.testing.TestEnv;
import fleet.cli.FakeFleetApi;
import fleet.cli.api.FleetApi;
import fleet.cli.api.FleetApiException;
import fleet.cli.api.UnitStatus;
import fleet.schema.MachineEntity;
import fleet.schema.UnitEntity;
import fleet.schema.UnitStateEntity;
import fleet.unit.DesiredState;
import fleet.unit.UnitOption;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link FakeFleetApi} that holds the first {@code gate} requests of each kind (read, create, state
 * change) until that many have arrived together, so a client sending one by one never gets past the
 * first; it counts the most requests ever in flight at once. No timing is asserted: the wait for the
 * gate only keeps a broken client from hanging the build.
 */
final class GatedFleetApi implements FleetApi {
    final FakeFleetApi fake = new FakeFleetApi();
    final AtomicInteger maxInFlight = new AtomicInteger();
    /** Units whose desired-state PUT is refused (HTTP 400). */
    final Set<String> refuseState = ConcurrentHashMap.newKeySet();
    /** Units whose creating PUT is refused (HTTP 400). */
    final Set<String> refuseCreate = ConcurrentHashMap.newKeySet();
    private final int gate;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();

    GatedFleetApi(int gate) {
        this.gate = gate;
    }

    private void enter(String kind) {
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        CountDownLatch latch = gates.computeIfAbsent(kind, k -> new CountDownLatch(gate));
        if (latch.getCount() == 0) {
            return;
        }
        latch.countDown();
        try {
            if (!latch.await(TestEnv.scaled(java.time.Duration.ofSeconds(20)).toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("only " + (gate - latch.getCount()) + " " + kind
                        + " requests ever arrived together, expected " + gate);
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private void leave() {
        inFlight.decrementAndGet();
    }

    @Override
    public Optional<UnitEntity> getUnit(String name) {
        enter("GET");
        try {
            return fake.getUnit(name);
        } finally {
            leave();
        }
    }

    @Override
    public void putUnit(String name, List<UnitOption> options, DesiredState desiredState) {
        enter(options == null ? "PUT state" : "PUT create");
        try {
            if ((options == null ? refuseState : refuseCreate).contains(name)) {
                throw new FleetApiException(400, "refused " + name + " (HTTP 400)");
            }
            fake.putUnit(name, options, desiredState);
        } finally {
            leave();
        }
    }

    @Override
    public List<UnitEntity> listUnits() {
        return fake.listUnits();
    }

    @Override
    public boolean deleteUnit(String name) {
        return fake.deleteUnit(name);
    }

    @Override
    public List<UnitStateEntity> listStates(String machineID, String unitName) {
        return fake.listStates(machineID, unitName);
    }

    @Override
    public List<MachineEntity> listMachines() {
        return fake.listMachines();
    }

    @Override
    public UnitStatus unitStatus(String name) {
        return fake.unitStatus(name);
    }

    @Override
    public void journal(String name, int lines, boolean follow, OutputStream out) {
        fake.journal(name, lines, follow, out);
    }
}
