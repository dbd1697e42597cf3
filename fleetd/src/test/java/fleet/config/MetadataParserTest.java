package fleet.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class MetadataParserTest {
    @Test
    void emptyAndBlankMeanNoMetadata() {
        assertThat(MetadataParser.parse("")).isEmpty();
        assertThat(MetadataParser.parse("  \"\"  ")).isEmpty();
    }

    @Test
    void trimsAroundEqualsAndCommasAndStripsQuotes() {
        assertThat(MetadataParser.parse("\" region = us-west ,  disk=ssd \""))
                .containsExactly(Map.entry("region", "us-west"), Map.entry("disk", "ssd"));
    }

    @Test
    void repeatedKeyLastWinsAndTakesTheLastPosition() {
        assertThat(MetadataParser.parse("a=1,b=2,a=3")).containsExactly(Map.entry("b", "2"), Map.entry("a", "3"));
    }

    @Test
    void emptyValueAndEqualsInValueAreKept() {
        assertThat(MetadataParser.parse("a=,b=x=y")).containsExactly(Map.entry("a", ""), Map.entry("b", "x=y"));
    }

    @Test
    void malformedEntriesAreErrors() {
        for (String bad : List.of("a", "a=1,b", "a=1,", "=1", " = 1")) {
            assertThatThrownBy(() -> MetadataParser.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
