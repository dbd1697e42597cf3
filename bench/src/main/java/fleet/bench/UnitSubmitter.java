package fleet.bench;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import fleet.cli.api.FleetApiException;
import fleet.unit.DesiredState;

/**
 * PUTs the units through fleetd's API with fleetctl's client, {@code clients} at a time, as
 * fleetctl's fan-out does. The client itself sends a request refused with 503 (etcd slow to answer
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

    static Submission submit(FleetdProcess fleetd, int units, int clients) throws Exception {
        AtomicInteger retries = new AtomicInteger();
        long start = System.nanoTime();
        try {
            Load.concurrent(clients, (units + clients - 1) / clients, i -> {
                if (i < units) {
                    put(fleetd, i, retries);
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
