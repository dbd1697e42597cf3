package fleet.constraint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fleet.unit.UnitOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResourceRequestsTest {

    private static Resources of(String... nameValues) {
        List<UnitOption> options = new java.util.ArrayList<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            options.add(new UnitOption("Service", nameValues[i], nameValues[i + 1]));
        }
        return ResourceRequests.of(options);
    }

    @ParameterizedTest(name = "MemoryMax={0} -> {1} bytes")
    @CsvSource({
        "512M, 536870912", "1G, 1073741824", "2T, 2199023255552", "100K, 102400", "4096, 4096",
        "1.5G, 1610612736", "infinity, 0", "'', 0", "512m, 536870912"})
    void memorySizes(String value, long bytes) {
        assertThat(of("MemoryMax", value).memoryBytes()).isEqualTo(bytes);
    }

    @ParameterizedTest(name = "CPUQuota={0} -> {1}m")
    @CsvSource({"50%, 500", "200%, 2000", "12.5%, 125", "'', 0"})
    void cpuQuota(String value, long millis) {
        assertThat(of("CPUQuota", value).cpuMillis()).isEqualTo(millis);
    }

    @Test
    void memoryMaxWinsOverMemoryLimitAndTheLastValueWins() {
        assertThat(of("MemoryLimit", "1G", "MemoryMax", "256M", "MemoryMax", "128M").memoryBytes())
                .isEqualTo(128L << 20);
        assertThat(of("MemoryLimit", "1G").memoryBytes()).isEqualTo(1L << 30);
    }

    @Test
    void otherSectionsAndNoDirectivesMeanNoRequest() {
        assertThat(ResourceRequests.of(List.of(new UnitOption("Unit", "MemoryMax", "1G")))).isEqualTo(Resources.NONE);
    }

    @Test
    void readsAParsedUnitFile() throws Exception {
        fleet.unit.UnitFile f = fleet.unit.UnitFile.parse("[Service]\nExecStart=/bin/true\nMemoryMax=64M\nCPUQuota=25%\n");
        assertThat(ResourceRequests.of(f)).isEqualTo(new Resources(250, 64L << 20));
    }

    @Test
    void badValuesAreRefusedWithTheDirectiveNamed() {
        assertThatThrownBy(() -> of("MemoryMax", "lots")).hasMessageContaining("MemoryMax=lots").hasMessageContaining("size");
        assertThatThrownBy(() -> of("MemoryMax", "-5M")).hasMessageContaining("MemoryMax=-5M");
        assertThatThrownBy(() -> of("MemoryMax", "50%")).hasMessageContaining("percentage");
        assertThatThrownBy(() -> of("CPUQuota", "2")).hasMessageContaining("CPUQuota=2");
        assertThatThrownBy(() -> of("CPUQuota", "0%")).hasMessageContaining("greater than 0");
    }
}
