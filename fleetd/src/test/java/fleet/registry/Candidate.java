package fleet.registry;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.etcd.jetcd.Client;


/** One engine candidate for tests: its own jetcd client (a "process") and what its listener heard. */
final class Candidate implements AutoCloseable, LeadershipListener {
    final String machineId;
    final Client client;
    final EngineLeadership leadership;
    final AtomicReference<Fence> elected = new AtomicReference<>();
    final AtomicInteger electedCount = new AtomicInteger();
    final AtomicInteger deposedCount = new AtomicInteger();

    Candidate(String endpoint, String prefix, String machineId, Duration ttl, int version, boolean disabled) {
        this.machineId = machineId;
        this.client = Client.builder().endpoints(endpoint).build();
        this.leadership = new EngineLeadership(client, prefix, machineId, ttl, Duration.ofSeconds(1), version, disabled, this);
    }

    Candidate start() {
        leadership.start();
        return this;
    }

    boolean leads() {
        return leadership.state() == EngineLeadership.State.LEADER;
    }

    @Override
    public void onElected(Fence fence) {
        elected.set(fence);
        electedCount.incrementAndGet();
    }

    @Override
    public void onDeposed() {
        deposedCount.incrementAndGet();
    }

    /** Process death: the client goes away without resigning, so only lease expiry frees the key. */
    void kill() {
        client.close();
    }

    @Override
    public void close() {
        leadership.close();
        client.close();
    }
}
