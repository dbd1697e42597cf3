package fleet.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import fleet.cli.api.FleetApiException;
import fleet.cli.api.UnitEntities;
import fleet.schema.UnitEntity;
import fleet.unit.DesiredState;

/**
 * Sends the units through fleetd's API with fleetctl's client, {@code clients} requests at a time, as
 * fleetctl's fan-out does: one PUT a unit, or with {@code batch > 0} that many units a
 * {@code POST /fleet/v1/units}, as fleetctl creates new units. The client itself sends a request refused with 503 (etcd slow to answer
 * fleetd) again, up to 3 times; past that the PUT is sent again after a pause that doubles from
 * 100 ms to 1 s, as an operator's script would. Once fleetd has exited nothing more is sent.
 */
final class UnitSubmitter {
    /**
     * @param refused      requests fleetd answered with an error (its log's "API request failed" lines)
     * @param retries      PUTs sent again by this class after the client gave up
     * @param fleetdExited true when fleetd died meanwhile
     */
    record Submission(double seconds, int refused, int retries, boolean fleetdExited) {}

    private UnitSubmitter() {}

    static Submission submit(FleetdProcess fleetd, int units, int clients, int batch) throws Exception {
        AtomicInteger retries = new AtomicInteger();
        long start = System.nanoTime();
        try {
            int perRequest = Math.max(1, batch);
            int requests = (units + perRequest - 1) / perRequest;
            Load.concurrent(clients, (requests + clients - 1) / clients, r -> {
                if (r < requests) {
                    send(fleetd, r * perRequest, Math.min(units, (r + 1) * perRequest), batch > 0, retries);
                }
            });
        } catch (ExecutionException e) {
            // a dying fleetd resets connections a moment before its process is gone
            if (!fleetd.exitsWithin(Duration.ofSeconds(10))) {
                throw e;
            }
            return new Submission((System.nanoTime() - start) / 1e9, refused(fleetd, start), retries.get(), true);
        }
        return new Submission((System.nanoTime() - start) / 1e9, refused(fleetd, start), retries.get(), false);
    }

    private static int refused(FleetdProcess fleetd, long since) {
        return fleetd.logLines("API request failed", since).size();
    }

    /** Units {@code from} to {@code to} (exclusive): one POST when batched, else the one PUT of unit {@code from}. */
    private static void send(FleetdProcess fleetd, int from, int to, boolean batched, AtomicInteger retries)
            throws Exception {
        long pause = 100;
        while (true) {
            try {
                if (batched) {
                    List<UnitEntity> units = new ArrayList<>();
                    for (int i = from; i < to; i++) {
                        units.add(new UnitEntity(ThousandMachinesBench.unitName(i),
                                UnitEntities.toWire(ThousandMachinesBench.unitBody(i)), DesiredState.LAUNCHED.wireName(),
                                null, null, null));
                    }
                    if (!fleetd.api().createUnits(units)) {
                        throw new IllegalStateException("fleetd does not know POST /fleet/v1/units");
                    }
                } else {
                    fleetd.api().putUnit(ThousandMachinesBench.unitName(from), ThousandMachinesBench.unitBody(from),
                            DesiredState.LAUNCHED);
                }
                return;
            } catch (FleetApiException e) {
                if (!fleetd.alive() || e.status() != 503) {
                    throw e;
                }
                retries.incrementAndGet();
                Thread.sleep(pause);
                pause = Math.min(1000, pause * 2);
            }
        }
    }
}
