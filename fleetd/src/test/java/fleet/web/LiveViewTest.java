package fleet.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import fleet.loop.SimulatedTime;
import fleet.registry.ClusterFeed;
import fleet.registry.ClusterPicture;
import fleet.registry.RegistryException;
import fleet.unit.DesiredState;
import fleet.web.EventStreamTest.FakeSink;

class LiveViewTest {
    static final String A = "aaaaaaaa11111111";

    /** A feed whose picture the test sets, counting reads; it signals when the test says. */
    static final class FakeFeed implements ClusterFeed {
        final List<Runnable> listeners = new ArrayList<>();
        ClusterPicture picture;
        int reads;
        boolean down;
        Runnable whileReading = () -> {};

        @Override
        public ClusterPicture picture() {
            reads++;
            whileReading.run();
            if (down) {
                throw new RegistryException("etcd is down");
            }
            return picture;
        }

        @Override
        public AutoCloseable onChange(Runnable listener) {
            listeners.add(listener);
            return () -> listeners.remove(listener);
        }

        void changed(ClusterPicture next) {
            picture = next;
            listeners.forEach(Runnable::run);
        }
    }

    final SimulatedTime time = new SimulatedTime();
    final FakeFeed feed = new FakeFeed();
    final Pictures cluster = new Pictures().machine(A, "10.0.0.1", Map.of()).leader(A);
    final LiveView view = new LiveView(feed, time.thread(), 4);

    /** A viewer of the view started on {@code picture}, after the first pass. */
    FakeSink watching(ClusterPicture picture) {
        feed.picture = picture;
        FakeSink viewer = new FakeSink();
        view.join(viewer).orElseThrow();
        time.runDue();
        return viewer;
    }

    static String lastMessage(FakeSink s) {
        return s.written.get(s.written.size() - 1);
    }

    @Test
    void theFirstViewerStartsTheViewAndGetsTheCluster() {
        FakeSink viewer = watching(cluster.unit("web.service", DesiredState.LAUNCHED).placed("web.service", A).picture());

        assertThat(viewer.written).hasSize(1);
        assertThat(lastMessage(viewer)).startsWith("event: view\ndata: {\"view\":").contains("\"web.service\"")
                .contains("\"leader\":\"" + A + "\"");
        assertThat(view.latest()).isPresent();
    }

    @Test
    void aBurstOfChangesMakesOnePassAndItsEvents() {
        FakeSink viewer = watching(cluster.picture());
        int readsBefore = feed.reads;

        feed.changed(cluster.unit("a.service", DesiredState.LAUNCHED).picture());
        feed.changed(cluster.unit("b.service", DesiredState.LAUNCHED).picture());
        feed.changed(cluster.unit("c.service", DesiredState.LAUNCHED).picture());
        time.advance(LiveView.MIN_GAP);

        assertThat(feed.reads - readsBefore).isEqualTo(1);
        assertThat(viewer.written).hasSize(2);
        assertThat(lastMessage(viewer)).contains("a.service submitted").contains("b.service submitted")
                .contains("c.service submitted");
    }

    @Test
    void passesAreAtLeastTheMinimumGapApart() {
        FakeSink viewer = watching(cluster.picture());

        feed.changed(cluster.unit("a.service", DesiredState.LAUNCHED).picture());
        time.advance(LiveView.MIN_GAP.minusMillis(1));
        assertThat(viewer.written).as("too soon after the first pass").hasSize(1);
        time.advance(Duration.ofMillis(1));
        assertThat(viewer.written).hasSize(2);
    }

    @Test
    void aSlowPassSpacesTheNextOnesOut() {
        feed.whileReading = () -> time.advance(Duration.ofSeconds(1)); // a huge cluster: each pass takes 1 s
        FakeSink viewer = watching(cluster.picture());

        feed.changed(cluster.unit("a.service", DesiredState.LAUNCHED).picture());
        // (SimulatedTime.runDue leaves the clock where the first pass started)
        time.advance(Duration.ofSeconds(LiveView.GAP_PER_PASS_TIME).minusMillis(1));
        assertThat(viewer.written).as("within 4 pass durations of the first pass's start").hasSize(1);
        time.advance(Duration.ofMillis(1));
        assertThat(viewer.written).hasSize(2);
    }

    @Test
    void anUnreadableClusterIsTriedAgainLater() {
        feed.picture = cluster.picture();
        feed.down = true;
        FakeSink viewer = new FakeSink();
        view.join(viewer);
        time.runDue();
        assertThat(viewer.written).isEmpty();
        assertThat(view.latest()).isEmpty();

        feed.down = false;
        time.advance(LiveView.RETRY);

        assertThat(viewer.written).hasSize(1);
    }

    @Test
    void viewersPastTheLimitAreRefused() {
        feed.picture = cluster.picture();
        for (int i = 0; i < 4; i++) {
            assertThat(view.join(new FakeSink())).isPresent();
        }
        assertThat(view.join(new FakeSink())).isEmpty();
    }

    @Test
    void closingStopsListeningToTheFeed() {
        feed.picture = cluster.picture();
        view.join(new FakeSink());
        time.runDue();
        assertThat(feed.listeners).hasSize(1);

        view.close();
        time.runDue();

        assertThat(feed.listeners).isEmpty();
    }
}
