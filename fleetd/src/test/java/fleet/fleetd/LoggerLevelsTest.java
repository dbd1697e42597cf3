package fleet.fleetd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import fleet.config.LogLevels;

class LoggerLevelsTest {
    final LoggerContext context = new LoggerContext();
    final LoggerLevels levels = new LoggerLevels(context);

    Level effective(String logger) {
        return context.getLogger(logger).getEffectiveLevel();
    }

    @Test
    void setsTheRootAndEachPackage() {
        levels.apply(new LogLevels("warn", Map.of("fleet.agent", "debug", "fleet.engine.Engine", "error")));

        assertThat(effective("fleet.agent.Agent")).isEqualTo(Level.DEBUG);
        assertThat(effective("fleet.engine.Engine")).isEqualTo(Level.ERROR);
        assertThat(effective("fleet.engine.EnginePlanner")).isEqualTo(Level.WARN);
        assertThat(effective(Logger.ROOT_LOGGER_NAME)).isEqualTo(Level.WARN);
    }

    @Test
    void aReloadWithoutAPackageReturnsItToTheRootsLevel() {
        levels.apply(new LogLevels("info", Map.of("fleet.agent", "debug")));
        levels.apply(new LogLevels("info", Map.of("fleet.engine", "debug")));

        assertThat(effective("fleet.agent.Agent")).isEqualTo(Level.INFO);
        assertThat(effective("fleet.engine.Engine")).isEqualTo(Level.DEBUG);
    }

    @Test
    void leavesLevelsItDidNotSetAlone() {
        context.getLogger("io.grpc").setLevel(Level.WARN);
        levels.apply(new LogLevels("debug", Map.of("fleet.agent", "trace")));
        levels.apply(LogLevels.defaults());

        assertThat(effective("io.grpc.netty")).isEqualTo(Level.WARN);
    }
}
