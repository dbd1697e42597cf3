package fleet.constraint;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import fleet.unit.UnitFile;
import fleet.unit.UnitName;

class BatchOptionTest {
    private static ParsedUnit parse(String text) throws Exception {
        return ParsedUnit.of(UnitName.parse("job.service"), UnitFile.parse(text.replace("|", "\n")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "[Service]|Type=oneshot|ExecStart=/bin/true|[X-Fleet]|Batch=true|;true",
            "[Service]|Type=oneshot|ExecStart=/bin/true|[X-Fleet]|Batch=no|;false",
            "[Service]|Type=oneshot|ExecStart=/bin/true|;false"})
    void batchIsOptIn(String unit, boolean batch) throws Exception {
        assertThat(parse(unit).problem()).isEmpty();
        assertThat(parse(unit).requirements().batch()).isEqualTo(batch);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "[Service]|ExecStart=/bin/true|[X-Fleet]|Batch=true|;Batch=true needs [Service] Type=oneshot",
            "[Service]|Type=simple|ExecStart=/bin/true|[X-Fleet]|Batch=true|;Batch=true needs [Service] Type=oneshot",
            "[Service]|Type=oneshot|RemainAfterExit=yes|ExecStart=/bin/true|[X-Fleet]|Batch=true|;"
                    + "Batch=true cannot be used with RemainAfterExit=yes",
            "[Service]|Type=oneshot|ExecStart=/bin/true|[X-Fleet]|Batch=true|Global=true|;Global cannot be used with Batch"})
    void refusedWhereItCannotHold(String unit, String problem) throws Exception {
        assertThat(parse(unit).problem()).contains(problem);
    }
}
