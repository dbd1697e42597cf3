package fleet.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiRouteLabelTest {

    @Test
    void unitNamesBecomeAPlaceholder() {
        assertThat(ApiRouteLabel.of("/fleet/v1/units/web@1.service")).isEqualTo("/fleet/v1/units/{name}");
        assertThat(ApiRouteLabel.of("/v1-alpha/units/a.service/status")).isEqualTo("/v1-alpha/units/{name}/status");
        assertThat(ApiRouteLabel.of("/fleet/v1/units/a.service/journal")).isEqualTo("/fleet/v1/units/{name}/journal");
        assertThat(ApiRouteLabel.of("/fleet/v1/state/a.service")).isEqualTo("/fleet/v1/state/{name}");
        assertThat(ApiRouteLabel.of("/fleet/v1/rebalance/moves/a.service")).isEqualTo("/fleet/v1/rebalance/moves/{name}");
        assertThat(ApiRouteLabel.of("/fleet/v1/rebalance/moves")).isEqualTo("/fleet/v1/rebalance/moves");
        assertThat(ApiRouteLabel.of("/fleet/v1/rebalance")).isEqualTo("/fleet/v1/rebalance");
    }

    @Test
    void collectionsAndMetricsKeepTheirPath() {
        assertThat(ApiRouteLabel.of("/fleet/v1/units")).isEqualTo("/fleet/v1/units");
        assertThat(ApiRouteLabel.of("/fleet/v1/machines")).isEqualTo("/fleet/v1/machines");
        assertThat(ApiRouteLabel.of("/fleet/v1")).isEqualTo("/fleet/v1");
        assertThat(ApiRouteLabel.of("/metrics")).isEqualTo("/metrics");
    }

    @Test
    void unknownPathsAreOneLabel() {
        assertThat(ApiRouteLabel.of("/")).isEqualTo("other");
        assertThat(ApiRouteLabel.of("/fleet/v2/units/x")).isEqualTo("other");
        assertThat(ApiRouteLabel.of("/wp-admin/a.php")).isEqualTo("other");
    }
}
