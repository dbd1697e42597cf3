package fleet.agent;

import java.nio.file.Path;
import java.time.Duration;

import fleet.config.FleetConfig;

/**
 * The agent's knobs.
 *
 * @param unitsDirectory    {@code units_directory} as systemd sees it (default {@code /run/fleet/units})
 * @param root              where this process sees the host's {@code /}: {@code /} in production,
 *                          {@code /proc/<pid>/root} when systemd runs in a lab machine
 * @param reconcileInterval the safety-net pass besides watch events (fleet: 5 s); also the longest
 *                          wait between retries while etcd is unreachable
 * @param agentTtl          {@code agent_ttl}: states are resynced every 4/5 of it (1/2 when ≤ 10 s)
 * @param stopTimeout       how long an unload waits for its stop job before the pass gives up
 */
public record AgentSettings(Path unitsDirectory, Path root, Duration reconcileInterval, Duration agentTtl,
        Duration stopTimeout) {

    public static final Duration DEFAULT_RECONCILE_INTERVAL = Duration.ofSeconds(5);
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(30);

    public AgentSettings {
        if (!unitsDirectory.isAbsolute() || !root.isAbsolute()) {
            throw new IllegalArgumentException("units_directory and root must be absolute paths, got "
                    + unitsDirectory + " and " + root);
        }
        positive(reconcileInterval, "reconcile interval");
        positive(agentTtl, "agent_ttl");
        positive(stopTimeout, "stop timeout");
    }

    public static AgentSettings from(FleetConfig config) {
        return new AgentSettings(config.unitsDirectory(), Path.of("/"), DEFAULT_RECONCILE_INTERVAL,
                config.agentTtl(), DEFAULT_STOP_TIMEOUT);
    }

    /** fleet's publisher period: ttl*4/5, or ttl/2 for a TTL of 10 s or less. */
    public Duration stateResyncInterval() {
        return agentTtl.compareTo(Duration.ofSeconds(10)) <= 0 ? agentTtl.dividedBy(2)
                : agentTtl.multipliedBy(4).dividedBy(5);
    }

    private static void positive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, got " + d);
        }
    }
}
