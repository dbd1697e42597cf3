package fleet.cloudconfig;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Locale;

import org.junit.jupiter.api.Test;

class FleetOptionsTest {
    /** fleetd reads FLEET_<NAME> for each constant of fleet.config.ConfigOption; ours must be the same set. */
    @Test
    void theKeysAreTheOptionsFleetdReads() throws ClassNotFoundException {
        Object[] options = Class.forName("fleet.config.ConfigOption").getEnumConstants();
        assertThat(FleetOptions.KNOWN).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(options).map(o -> ((Enum<?>) o).name().toLowerCase(Locale.ROOT)).toList());
    }

    @Test
    void theEnvironmentNameIsFleetdsOwn() {
        assertThat(FleetOptions.envName("etcd_servers")).isEqualTo("FLEET_ETCD_SERVERS");
    }
}
