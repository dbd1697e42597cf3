package fleet.bench;

import java.util.concurrent.atomic.AtomicInteger;

import fleet.cli.api.FleetApiException;
import fleet.unit.DesiredState;

/**
 * PUTs the units through fleetd's API, {@code clients} at a time, as fleetctl's fan-out does. A
 * refused PUT (503 while etcd is slow to answer fleetd) is sent again after a pause that doubles
 * from 100 ms to 1 s, as an operator's script would; once fleetd has exited nothing more is sent.
 */
final class UnitSubmitter {
    /** @param retries PUTs sent again after a refusal; @param fleetdExited true when fleetd died meanwhile */
    record Submission(double seconds, int retries, boolean fleetdExited) {}

    private UnitSubmitter() {}

    static Submission submit(FleetdProcess fleetd, int units, int clients) throws Exception {
        AtomicInteger retries = new AtomicInteger();
        long start = System.nanoTime();
        try {
            Load.concurrent(clients, (units + clients - 1) / clients, i -> {
                if (i < units) {
                    put(fleetd, i, retries);
                }
            });
        } catch (java.util.concurrent.ExecutionException e) {
            if (fleetd.alive()) {
                throw e;
            }
            return new Submission((System.nanoTime() - start) / 1e9, retries.get(), true);
        }
        return new Submission((System.nanoTime() - start) / 1e9, retries.get(), false);
    }

    private static void put(FleetdProcess fleetd, int i, AtomicInteger retries) throws Exception {
        long pause = 100;
        while (true) {
            try {
                fleetd.api().putUnit(ThousandMachinesBench.unitName(i), ThousandMachinesBench.unitBody(i), DesiredState.LAUNCHED);
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
