package fleet.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import fleet.registry.EtcdClients;
import fleet.registry.EtcdConnection;
import fleet.registry.EtcdRegistry;
import io.etcd.jetcd.Client;

/**
 * Many {@link SimulatedAgent}s in this process, spread over a few jetcd clients (one each would be
 * a thousand connections; fleetd's agent has one). An agent whose pass failed (etcd too slow to
 * answer) is retried every 500 ms, as fleetd's agent retries while etcd does not answer.
 */
final class SimulatedCluster implements AutoCloseable {
    private static final int CLIENTS = 8;

    private final List<Client> clients = new ArrayList<>();
    private final List<SimulatedAgent> agents = new ArrayList<>();
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor();

    private SimulatedCluster() {}

    /** Registers {@code machines} agents, 16 at a time, and returns once all are registered and watching. */
    static SimulatedCluster start(String endpoint, String prefix, int machines, Duration agentTtl) throws Exception {
        SimulatedCluster c = new SimulatedCluster();
        List<EtcdRegistry> registries = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            Client client = EtcdClients.build(EtcdConnection.plain(List.of(endpoint)), Duration.ofSeconds(5));
            c.clients.add(client);
            registries.add(new EtcdRegistry(client, prefix, Duration.ofSeconds(5)));
        }
        for (int i = 0; i < machines; i++) {
            c.agents.add(new SimulatedAgent(registries.get(i % CLIENTS), String.format("sim%05d", i), agentTtl));
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> started = new ArrayList<>();
            for (SimulatedAgent a : c.agents) {
                started.add(pool.submit(a::start));
            }
            for (Future<?> f : started) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        c.retries.scheduleWithFixedDelay(c::retryFailedPasses, 500, 500, TimeUnit.MILLISECONDS);
        return c;
    }

    private void retryFailedPasses() {
        for (SimulatedAgent a : agents) {
            a.retryIfFailed();
        }
    }

    List<SimulatedAgent> agents() {
        return List.copyOf(agents);
    }

    /** Revokes the leases of {@code lost}, 16 at a time: their machines and states vanish from etcd. */
    static void lose(List<SimulatedAgent> lost) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (SimulatedAgent a : lost) {
                done.add(pool.submit(a::lose));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    @Override
    public void close() throws Exception {
        retries.shutdownNow();
        lose(agents);
        clients.forEach(Client::close);
    }
}
