package fleet.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class EventStreamTest {
    /** A connection whose queue is full while {@link #full} is set. */
    static class FakeSink implements StreamSink {
        final List<String> written = new ArrayList<>();
        boolean full;
        boolean closed;

        @Override
        public boolean full() {
            return full;
        }

        @Override
        public void write(String text) {
            written.add(text);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    final EventStream stream = new EventStream(2);

    @Test
    void everyViewerGetsEachMessageAsAServerSentEvent() {
        FakeSink a = new FakeSink();
        FakeSink b = new FakeSink();
        stream.join(a);
        stream.join(b);

        stream.publish("view", "{\"n\":1}");

        assertThat(a.written).containsExactly("event: view\ndata: {\"n\":1}\n\n");
        assertThat(b.written).isEqualTo(a.written);
    }

    @Test
    void aNewViewerGetsTheLatestMessageAtOnce() {
        stream.publish("view", "1");
        stream.publish("view", "2");
        FakeSink late = new FakeSink();

        stream.join(late);

        assertThat(late.written).containsExactly("event: view\ndata: 2\n\n");
    }

    @Test
    void viewersAreBoundedAndALeavingOneFreesItsPlace() {
        StreamClient first = stream.join(new FakeSink()).orElseThrow();
        stream.join(new FakeSink()).orElseThrow();

        assertThat(stream.join(new FakeSink())).isEmpty();
        stream.leave(first);
        assertThat(stream.join(new FakeSink())).isPresent();
        assertThat(stream.viewers()).isEqualTo(2);
    }

    @Test
    void aSlowViewerGetsOnlyTheLatestMessageWhenItDrainsAndDoesNotHoldUpOthers() {
        FakeSink slow = new FakeSink();
        FakeSink fast = new FakeSink();
        StreamClient slowClient = stream.join(slow).orElseThrow();
        stream.join(fast);
        slow.full = true;

        stream.publish("view", "1");
        stream.publish("view", "2");
        stream.publish("view", "3");

        assertThat(slow.written).isEmpty();
        assertThat(fast.written).hasSize(3);
        assertThat(slowClient.skipped()).isEqualTo(2);
        slow.full = false;
        slowClient.drained();
        assertThat(slow.written).containsExactly("event: view\ndata: 3\n\n");
        slowClient.drained();
        assertThat(slow.written).as("nothing held back any more").hasSize(1);
    }

    @Test
    void aViewerWhoseConnectionFailsIsDroppedAndTheOthersStillGetTheMessage() {
        FakeSink broken = new FakeSink() {
            @Override
            public void write(String text) {
                throw new IllegalStateException("connection closed");
            }
        };
        FakeSink fine = new FakeSink();
        stream.join(broken);
        stream.join(fine);

        stream.publish("view", "1");

        assertThat(fine.written).hasSize(1);
        assertThat(stream.viewers()).isEqualTo(1);
    }

    @Test
    void aPingIsDroppedForALaggingViewer() {
        FakeSink lagging = new FakeSink();
        FakeSink keeping = new FakeSink();
        stream.join(lagging);
        stream.join(keeping);
        lagging.full = true;

        stream.ping();

        assertThat(lagging.written).isEmpty();
        assertThat(keeping.written).containsExactly(EventStream.PING);
    }

    @Test
    void dataWithLineBreaksStaysOneEvent() {
        FakeSink s = new FakeSink();
        stream.join(s);

        stream.publish("view", "a\nb");

        assertThat(s.written).containsExactly("event: view\ndata: a\ndata: b\n\n");
    }

    @Test
    void closingAllClosesEveryConnection() {
        FakeSink s = new FakeSink();
        stream.join(s);

        stream.closeAll();

        assertThat(s.closed).isTrue();
        assertThat(stream.viewers()).isZero();
    }
}
