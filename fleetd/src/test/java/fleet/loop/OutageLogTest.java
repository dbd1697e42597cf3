package fleet.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

class OutageLogTest {
    final SimulatedTime time = new SimulatedTime();
    final Logger logger = (Logger) LoggerFactory.getLogger("fleet.loop.OutageLogTest.subject");
    final ListAppender<ILoggingEvent> seen = new ListAppender<>();
    final OutageLog outage = new OutageLog(logger, time.clock());

    @BeforeEach
    void capture() {
        seen.start();
        logger.addAppender(seen);
        logger.setLevel(Level.DEBUG);
    }

    @AfterEach
    void release() {
        logger.detachAppender(seen);
    }

    @Test
    void anOutageIsOneWarningAndOneInfoHoweverManyRetries() {
        for (int i = 0; i < 40; i++) {
            outage.failed("etcd unreachable ({}); next try in {} ms", "timeout", 250);
            time.advance(Duration.ofMillis(250));
        }
        outage.recovered("etcd answers again");

        assertThat(at(Level.WARN)).containsExactly("etcd unreachable (timeout); next try in 250 ms");
        assertThat(at(Level.INFO)).containsExactly("etcd answers again after 10000 ms (40 failed tries)");
        assertThat(at(Level.DEBUG)).hasSize(39);
    }

    @Test
    void successWithoutAnOutageSaysNothing() {
        outage.recovered("etcd answers again");
        outage.recovered("etcd answers again");

        assertThat(seen.list).isEmpty();
        assertThat(outage.failing()).isFalse();
    }

    @Test
    void aSecondOutageIsWarnedAboutAgain() {
        outage.failed("down");
        time.advance(Duration.ofSeconds(1));
        outage.recovered("up");
        assertThat(outage.failing()).isFalse();
        outage.failed("down again");
        assertThat(outage.failing()).isTrue();
        outage.recovered("up");

        assertThat(at(Level.WARN)).containsExactly("down", "down again");
        assertThat(at(Level.INFO)).containsExactly("up after 1000 ms (1 failed try)", "up after 0 ms (1 failed try)");
    }

    private List<String> at(Level level) {
        return seen.list.stream().filter(e -> e.getLevel() == level).map(ILoggingEvent::getFormattedMessage).toList();
    }
}
