package fleet.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import fleet.testing.EtcdExtension;
import fleet.testing.TestEnv;

/** While etcd cannot be reached the API answers 503 with fleet's message, and recovers with etcd. */
class EtcdOutageApiTest {
    @RegisterExtension
    static EtcdExtension etcd = new EtcdExtension();

    @Test
    void requestsAre503WhileEtcdIsDownAndWorkAgainAfter() throws Exception {
        try (ApiFixture f = new ApiFixture(etcd, 100, List.of(), new LocalUnitInspector(),
                TestEnv.scaled(Duration.ofSeconds(1)))) {
            assertThat(f.get("/fleet/v1/units").status()).isEqualTo(200);
            etcd.process().stop();
            try {
                var r = f.get("/fleet/v1/units");
                assertThat(r.status()).isEqualTo(503);
                assertThat(r.errorMessage()).isEqualTo("fleet server unable to communicate with etcd");
                var put = f.putJson("/fleet/v1/units/a.service", UnitsApiTest.unitJson(null, "launched", "a"));
                assertThat(put.status()).isEqualTo(503);
            } finally {
                etcd.process().start();
            }
            Awaitility.await().atMost(TestEnv.scaled(Duration.ofSeconds(20)))
                    .until(() -> f.get("/fleet/v1/units").status() == 200);
        }
    }
}
