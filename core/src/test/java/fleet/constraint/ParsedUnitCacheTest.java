package fleet.constraint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import fleet.unit.UnitFile;

class ParsedUnitCacheTest {
    static final UnitFile WEB = file("[Service]\nExecStart=/bin/web\n[X-Fleet]\nMachineOf=db@%i.service\n");
    static final UnitFile DB = file("[Service]\nExecStart=/bin/db\n");

    static UnitFile file(String text) {
        try {
            return UnitFile.parse(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aUnitSeenBeforeIsNotParsedAgain() {
        ParsedUnitCache cache = new ParsedUnitCache(8);
        ParsedUnit first = cache.get("web@1.service", WEB.hash(), WEB);
        assertThat(cache.get("web@1.service", WEB.hash(), WEB)).isSameAs(first);
        assertThat(cache.parses()).isEqualTo(1);
    }

    @Test
    void instancesOfOneTemplateBodyEachGetTheirOwnRequirements() {
        ParsedUnitCache cache = new ParsedUnitCache(8);
        assertThat(cache.get("web@1.service", WEB.hash(), WEB).requirements().machineOf())
                .containsExactly("db@1.service");
        assertThat(cache.get("web@2.service", WEB.hash(), WEB).requirements().machineOf())
                .containsExactly("db@2.service");
        assertThat(cache.parses()).isEqualTo(2);
    }

    @Test
    void theLeastRecentlyUsedUnitGoesBeyondCapacity() {
        ParsedUnitCache cache = new ParsedUnitCache(2);
        cache.get("a.service", DB.hash(), DB);
        cache.get("b.service", DB.hash(), DB);
        cache.get("a.service", DB.hash(), DB);
        cache.get("c.service", DB.hash(), DB); // evicts b, the least recently used
        assertThat(cache.parses()).isEqualTo(3);
        cache.get("a.service", DB.hash(), DB);
        assertThat(cache.parses()).as("a stayed").isEqualTo(3);
        cache.get("b.service", DB.hash(), DB);
        assertThat(cache.parses()).as("b was evicted").isEqualTo(4);
    }

    @Test
    void aCacheHoldsAtLeastOneUnit() {
        assertThatThrownBy(() -> new ParsedUnitCache(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a parsed-unit cache holds at least 1 unit, not 0");
    }
}
