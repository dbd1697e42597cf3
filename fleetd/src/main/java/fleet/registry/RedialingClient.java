package fleet.registry;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fleet.loop.DaemonLoopThread;
import fleet.loop.LoopThread;
import io.etcd.jetcd.Auth;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.Cluster;
import io.etcd.jetcd.Election;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.Lease;
import io.etcd.jetcd.Lock;
import io.etcd.jetcd.Maintenance;
import io.etcd.jetcd.Watch;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;

/**
 * A jetcd client whose channel dials etcd again every {@link #EVERY} while it has no connection.
 *
 * <p>gRPC spaces reconnect attempts exponentially (1, 1.6, 2.6, 4.1, 6.6, 10.5, 16.8 s... up to 2
 * minutes), so after a 20 s etcd outage the first request could wait 10 s or more for a member that
 * is already back, and with it everything fleetd does when etcd returns: renewing its lease,
 * stopping the copies the engine moved away meanwhile. A refused connect costs next to nothing, and a
 * connect that hangs is bounded by the connect timeout (gRPC does not redial while connecting).
 *
 * <p>jetcd does not expose its channel; it is read from the client's connection manager. Should a
 * jetcd upgrade move it, the client still works, with gRPC's own spacing, and says so once.
 */
final class RedialingClient implements Client {
    static final Duration EVERY = Duration.ofMillis(250);
    private static final Logger LOG = LoggerFactory.getLogger(RedialingClient.class);
    /** One thread for every client of the process: a redial is a non-blocking call. */
    private static final LoopThread TIMER = new DaemonLoopThread("fleet-etcd-redial");

    private final Client delegate;
    private final Optional<LoopThread.Timer> redial;

    RedialingClient(Client delegate) {
        this.delegate = delegate;
        this.redial = channelOf(delegate).map(channel -> TIMER.every(EVERY, () -> redialIfDown(channel)));
    }

    /** Cuts gRPC's reconnect backoff short when the channel has given up for now; true if it did. */
    static boolean redialIfDown(ManagedChannel channel) {
        if (channel.getState(false) == ConnectivityState.TRANSIENT_FAILURE) {
            channel.resetConnectBackoff();
            return true;
        }
        return false;
    }

    static Optional<ManagedChannel> channelOf(Client client) {
        try {
            Field manager = client.getClass().getDeclaredField("connectionManager");
            manager.setAccessible(true);
            Object connections = manager.get(client);
            Method getChannel = connections.getClass().getDeclaredMethod("getChannel");
            getChannel.setAccessible(true);
            return Optional.of((ManagedChannel) getChannel.invoke(connections));
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("cannot reach jetcd's gRPC channel ({}): after an etcd outage, reconnects follow gRPC's "
                    + "backoff (up to 2 minutes apart)", e.toString());
            return Optional.empty();
        }
    }

    @Override
    public Auth getAuthClient() {
        return delegate.getAuthClient();
    }

    @Override
    public KV getKVClient() {
        return delegate.getKVClient();
    }

    @Override
    public Cluster getClusterClient() {
        return delegate.getClusterClient();
    }

    @Override
    public Maintenance getMaintenanceClient() {
        return delegate.getMaintenanceClient();
    }

    @Override
    public Lease getLeaseClient() {
        return delegate.getLeaseClient();
    }

    @Override
    public Watch getWatchClient() {
        return delegate.getWatchClient();
    }

    @Override
    public Lock getLockClient() {
        return delegate.getLockClient();
    }

    @Override
    public Election getElectionClient() {
        return delegate.getElectionClient();
    }

    @Override
    public void close() {
        redial.ifPresent(LoopThread.Timer::cancel);
        delegate.close();
    }
}
