package fleet.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.etcd.jetcd.Client;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;

class RedialingClientTest {

    @Test
    void findsTheChannelOfTheJetcdVersionWeShip() {
        // building does not connect: no etcd needed
        try (Client client = io.etcd.jetcd.Client.builder().endpoints("http://127.0.0.1:1").build()) {
            assertThat(RedialingClient.channelOf(client)).as("jetcd moved its channel: update RedialingClient")
                    .isPresent();
        }
    }

    @Test
    void clientsWeBuildRedial() {
        try (Client client = EtcdClients.build(EtcdConnection.plain(List.of("http://127.0.0.1:1")), Duration.ofSeconds(1))) {
            assertThat(client).isInstanceOf(RedialingClient.class);
        }
    }

    @Test
    void redialsOnlyAChannelThatGaveUpForNow() {
        for (ConnectivityState s : ConnectivityState.values()) {
            FakeChannel channel = new FakeChannel(s);
            boolean redialed = RedialingClient.redialIfDown(channel);
            assertThat(redialed).as(s.name()).isEqualTo(s == ConnectivityState.TRANSIENT_FAILURE);
            assertThat(channel.resets).as(s.name()).isEqualTo(redialed ? 1 : 0);
        }
    }

    private static final class FakeChannel extends ManagedChannel {
        private final ConnectivityState state;
        int resets;

        FakeChannel(ConnectivityState state) {
            this.state = state;
        }

        @Override
        public ConnectivityState getState(boolean requestConnection) {
            return state;
        }

        @Override
        public void resetConnectBackoff() {
            resets++;
        }

        @Override
        public ManagedChannel shutdown() {
            return this;
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public ManagedChannel shutdownNow() {
            return this;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }

        @Override
        public <Q, A> ClientCall<Q, A> newCall(MethodDescriptor<Q, A> method, CallOptions options) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String authority() {
            return "fake";
        }
    }
}
