package fleet.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DesiredStateTest {
    @Test
    void wireNamesRoundTrip() {
        for (DesiredState s : DesiredState.values()) {
            assertThat(DesiredState.parse(s.wireName())).isEqualTo(s);
        }
        assertThat(DesiredState.LAUNCHED.wireName()).isEqualTo("launched");
    }

    @Test
    void anythingElseIsRefusedWithTheValidNames() {
        assertThatThrownBy(() -> DesiredState.parse("Launched")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid desired state \"Launched\": must be one of inactive, loaded, launched");
        assertThatThrownBy(() -> DesiredState.parse(null)).hasMessageContaining("null");
    }
}
