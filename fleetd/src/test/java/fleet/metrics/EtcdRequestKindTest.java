package fleet.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EtcdRequestKindTest {

    @Test
    void theLeadingVerbIsTheOperationAndAnythingElseIsOther() {
        assertThat(EtcdRequestKind.op("read body 1a2b3c")).isEqualTo("read");
        assertThat(EtcdRequestKind.op("create 12 units")).isEqualTo("create");
        assertThat(EtcdRequestKind.op("keep lease alive")).isEqualTo("keep");
        assertThat(EtcdRequestKind.op("frobnicate a.service")).isEqualTo("other");
        assertThat(EtcdRequestKind.op("")).isEqualTo("other");
    }

    @Test
    void fleetV1CountedUnitBodiesAndRecordsOnly() {
        assertThat(EtcdRequestKind.v1Type("read body 1a2b3c")).isEqualTo("get");
        assertThat(EtcdRequestKind.v1Type("read unit a.service")).isEqualTo("get");
        assertThat(EtcdRequestKind.v1Type("read units/")).isEqualTo("get_all");
        assertThat(EtcdRequestKind.v1Type("create unit a.service")).isEqualTo("set");
        assertThat(EtcdRequestKind.v1Type("set desired state of a.service")).isEqualTo("set");
        assertThat(EtcdRequestKind.v1Type("keep lease alive")).isNull();
        assertThat(EtcdRequestKind.v1Type("read machines/")).isNull();
    }
}
