package fleet.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;

import org.junit.jupiter.api.Test;

class LabStatusTest {
    @Test
    void readsTheMachineRowsAndSkipsTheEtcdRows() throws Exception {
        String out = "fleet-lab: some progress line\n" + LabStatus.HEADER + "\n"
                + "m1\t4242\talive\t127.0.41.1\t0123abcd\trole=web,zone=a\n"
                + "m2\t4343\tfrozen\t127.0.41.2\t4567ef01\t-\n"
                + "etcd1\t99\talive\thttp://127.0.0.1:2379\n";
        assertThat(LabStatus.parse(out)).containsExactly(
                new LabStatus.Row("m1", 4242, "alive", "127.0.41.1", "0123abcd", "role=web,zone=a"),
                new LabStatus.Row("m2", 4343, "frozen", "127.0.41.2", "4567ef01", ""));
    }

    @Test
    void aMachineThatDidNotBootHasNoPid() throws Exception {
        String out = LabStatus.HEADER + "\nm1\t-\tdead\t-\t-\t-\n";
        assertThat(LabStatus.parse(out)).containsExactly(new LabStatus.Row("m1", 0, "dead", "", "", ""));
    }

    @Test
    void anotherTableIsRefusedRatherThanReadColumnByColumn() {
        assertThatThrownBy(() -> LabStatus.parse("MACHINE\tIP\tPID\nm1\t127.0.41.1\t4242\n"))
                .isInstanceOf(IOException.class).hasMessageContaining("no machine table");
        assertThatThrownBy(() -> LabStatus.parse(LabStatus.HEADER + "\nm1\t4242\talive\n"))
                .isInstanceOf(IOException.class).hasMessageContaining("not a machine row");
        assertThatThrownBy(() -> LabStatus.parse("no lab in /tmp/x\n")).isInstanceOf(IOException.class);
    }

    @Test
    void aMachineIsReachedThroughItsPid() throws Exception {
        LabMachine m = LabMachine.of(new LabStatus.Row("m3", 77, "alive", "127.0.41.3", "id3", ""), null);
        assertThat(m.busAddress()).isEqualTo("unix:path=/proc/77/root/run/dbus/system_bus_socket");
        assertThat(m.file("/run/fleet/units/a.service")).hasToString("/proc/77/root/run/fleet/units/a.service");
        assertThatThrownBy(() -> LabMachine.of(new LabStatus.Row("m1", 0, "dead", "", "", ""), null))
                .isInstanceOf(IOException.class).hasMessageContaining("m1");
    }
}
