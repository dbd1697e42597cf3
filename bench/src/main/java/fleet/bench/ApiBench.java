package fleet.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.etcd.jetcd.Client;

import fleet.registry.EtcdClients;
import fleet.registry.EtcdConnection;

/**
 * fleetd's API path against a real etcd: p50/p99 per route from a serial client and from 8
 * concurrent clients, over the unix socket and over TCP loopback, beside the raw etcd round trip (a
 * jetcd get and a txn) measured in the same rounds. Each figure is the median over the rounds
 * (default 3). The client is fleetctl's own ({@code Connection: close}, a connection per request).
 * A second table splits a serial GET of a unit and a desired-state PUT into the API's stages
 * ({@link ApiStages}: the wait for a worker, the endpoint, the wait for the event loop, the rest).
 * Usage: {@code bench/run api [ROUNDS]} (starts its own etcd) or {@code bench/run api ROUNDS ENDPOINT}.
 */
public final class ApiBench {
    static final int CLIENTS = 8;

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        String endpoint = args.length > 1 ? args[1] : System.getenv("ETCD_ENDPOINT");
        if (endpoint == null) {
            System.err.println("usage: ApiBench [ROUNDS] ETCD_ENDPOINT (bench/run api starts an etcd for you)");
            System.exit(2);
        }
        Map<String, List<Row>> results = new LinkedHashMap<>();
        Map<String, List<double[]>> stages = new LinkedHashMap<>();
        try (Client client = EtcdClients.build(EtcdConnection.plain(List.of(endpoint)), Duration.ofSeconds(10));
                InProcessFleetd fleetd = new InProcessFleetd(client)) {
            RawEtcd raw = new RawEtcd(client);
            ApiRoutesUnderTest unix = ApiRoutesUnderTest.unix(fleetd);
            ApiRoutesUnderTest tcp = ApiRoutesUnderTest.tcp(fleetd);
            fleetd.seedUnits(100);
            warmUp(raw, unix, tcp);
            for (int round = 0; round < rounds; round++) {
                System.err.println("round " + (round + 1) + "/" + rounds + " at 100 units");
                measure(results, "etcd get", "-", raw::get, 200);
                measure(results, "etcd txn", "-", raw::txn, 200);
                for (ApiRoutesUnderTest api : List.of(unix, tcp)) {
                    measure(results, "GET unit", api.name(), api::getUnit, 200);
                    measure(results, "list units @100", api.name(), api::listUnits, 100);
                    measure(results, "list states @100", api.name(), api::listStates, 100);
                    measure(results, "list machines", api.name(), api::listMachines, 200);
                    measure(results, "PUT create", api.name(), api::create, 200);
                    measure(results, "PUT desiredState", api.name(), api::desiredState, 200);
                    measure(results, "DELETE", api.name(), api::delete, 200);
                    traced(stages, fleetd, "GET unit", api.name(), api::getUnit);
                    traced(stages, fleetd, "PUT desiredState", api.name(), api::desiredState);
                }
            }
            fleetd.seedUnits(10_000);
            for (int round = 0; round < rounds; round++) {
                System.err.println("round " + (round + 1) + "/" + rounds + " at 10,000 units");
                measure(results, "etcd get @10k", "-", raw::get, 200);
                for (ApiRoutesUnderTest api : List.of(unix, tcp)) {
                    measure(results, "GET unit @10k", api.name(), api::getUnit, 200);
                    measure(results, "list units @10k", api.name(), api::listUnits, 16);
                    measure(results, "list states @10k", api.name(), api::listStates, 16);
                }
            }
        }
        print(results, rounds);
        printStages(stages, rounds);
    }

    /** 200 serial calls with the API's stages recorded: p50 of the client's total, then of each stage. */
    private static void traced(Map<String, List<double[]>> stages, InProcessFleetd fleetd, String route,
            String transport, Load.Call call) throws Exception {
        fleetd.stages().record();
        double total = Load.serial(200, call).percentileMillis(50);
        double[] s = fleetd.stages().stop();
        stages.computeIfAbsent(route + "|" + transport, k -> new ArrayList<>())
                .add(new double[] {total, s[0], s[1], s[2], total - s[0] - s[1] - s[2]});
    }

    private static void printStages(Map<String, List<double[]>> stages, int rounds) {
        System.out.printf("%nwhere a serial request's time goes (p50 of each, median of %d rounds; ms): the wait for a"
                + " worker,%nthe endpoint on the worker (its etcd calls), the wait for the event loop to write the reply,"
                + " the rest (HTTP, routing, client)%n", rounds);
        System.out.printf("%-18s %-5s %8s %8s %8s %8s %8s%n", "route", "via", "total", "worker", "endpoint", "to loop",
                "rest");
        stages.forEach((key, rows) -> {
            String[] k = key.split("\\|");
            System.out.printf(Locale.ROOT, "%-18s %-5s %8.2f %8.2f %8.2f %8.2f %8.2f%n", k[0], k[1],
                    Stats.median(rows, r -> r[0]), Stats.median(rows, r -> r[1]), Stats.median(rows, r -> r[2]),
                    Stats.median(rows, r -> r[3]), Stats.median(rows, r -> r[4]));
        });
    }

    private static void warmUp(RawEtcd raw, ApiRoutesUnderTest... apis) throws Exception {
        Load.serial(300, raw::get);
        Load.serial(300, raw::txn);
        for (ApiRoutesUnderTest api : apis) {
            Load.serial(300, api::getUnit);
            Load.serial(100, api::listUnits);
            Load.serial(300, api::create);
            Load.serial(300, api::desiredState);
            Load.serial(300, api::delete);
        }
    }

    /** One row of the table: serial p50/p99, concurrent p50/p99 and rate. */
    record Row(double serialP50, double serialP99, double concP50, double concP99, double concRate) {}

    private static void measure(Map<String, List<Row>> results, String route, String transport, Load.Call call,
            int serialCalls) throws Exception {
        Latencies serial = Load.serial(serialCalls, call);
        Latencies conc = Load.concurrent(CLIENTS, Math.max(2, serialCalls / CLIENTS), call);
        results.computeIfAbsent(route + "|" + transport, k -> new ArrayList<>()).add(new Row(
                serial.percentileMillis(50), serial.percentileMillis(99), conc.percentileMillis(50),
                conc.percentileMillis(99), conc.perSecond()));
    }

    private static void print(Map<String, List<Row>> results, int rounds) {
        System.out.printf("median of %d rounds; ms; concurrent = %d clients%n", rounds, CLIENTS);
        System.out.printf("%-18s %-5s %10s %10s %10s %10s %10s%n", "route", "via", "serial p50", "serial p99",
                "conc p50", "conc p99", "conc req/s");
        results.forEach((key, rows) -> {
            String[] k = key.split("\\|");
            System.out.printf(Locale.ROOT, "%-18s %-5s %10.2f %10.2f %10.2f %10.2f %10.0f%n", k[0], k[1],
                    median(rows, Row::serialP50), median(rows, Row::serialP99), median(rows, Row::concP50),
                    median(rows, Row::concP99), median(rows, Row::concRate));
        });
    }

    private static double median(List<Row> rows, java.util.function.ToDoubleFunction<Row> f) {
        return Stats.median(rows, f);
    }
}
