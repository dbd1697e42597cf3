package fleet.cli.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TableWriterTest {
    private static final List<String> HEADER = List.of("UNIT", "MACHINE", "ACTIVE", "SUB");
    private static final List<String> ROW = List.of("hello.service", "113f16a7.../172.17.8.103", "active", "running");

    @Test
    void padsEachColumnWithTabsToTheNextMultipleOfEightPastItsWidestCell() {
        // UNIT column: widest 13+1 -> 16; MACHINE: 24+1 -> 32; ACTIVE: 7 -> 8; SUB is last and not padded
        assertThat(TableWriter.render(HEADER, List.of(ROW))).isEqualTo(
                "UNIT\t\tMACHINE\t\t\t\tACTIVE\tSUB\n"
                + "hello.service\t113f16a7.../172.17.8.103\tactive\trunning\n");
    }

    @Test
    void aCellExactlyAtATabStopGetsOneMoreTab() {
        // "12345678" + padding 1 = 9 -> column width 16, so 8 columns of padding = 1 tab
        assertThat(TableWriter.render(null, List.of(List.of("12345678", "x"), List.of("a", "y"))))
                .isEqualTo("12345678\tx\na\t\ty\n");
    }

    @Test
    void emptyCellsPrintAsDash() {
        assertThat(TableWriter.render(List.of("A", "B"), List.of(java.util.Arrays.asList("", null))))
                .isEqualTo("A\tB\n-\t-\n");
    }

    @Test
    void withoutLegendOnlyTheRowsDecideTheWidths() {
        assertThat(TableWriter.render(null, List.of(List.of("a", "b")))).isEqualTo("a\tb\n");
        assertThat(TableWriter.render(List.of("LONGHEADER", "B"), List.of(List.of("a", "b"))))
                .isEqualTo("LONGHEADER\tB\na\t\tb\n");
    }

    @Test
    void widthsCountCharactersNotBytes() {
        assertThat(TableWriter.render(null, List.of(List.of("ééééééé", "x"), List.of("a", "y"))))
                .isEqualTo("ééééééé\tx\na\ty\n");
    }

    @Test
    void raggedRowsAreRefused() {
        assertThatThrownBy(() -> TableWriter.render(HEADER, List.of(List.of("a"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void columnsUpperCaseTheHeaderAndValidateFields() {
        Columns<String> c = new Columns<String>().add("unit", (s, full) -> s).add("len",
                (s, full) -> full ? s.length() + " chars" : "" + s.length());
        assertThat(c.render(List.of("a.service"), c.select("len,unit"), false, false))
                .isEqualTo("LEN\tUNIT\n9\ta.service\n");
        assertThat(c.render(List.of("a.service"), c.select("len"), true, true)).isEqualTo("9 chars\n");
        assertThatThrownBy(() -> c.select("unit,bogus")).hasMessageContaining("\"bogus\"")
                .hasMessageContaining("valid: unit,len");
        assertThatThrownBy(() -> c.select("unit,")).hasMessageContaining("empty field");
    }

    @Test
    void machineLegendIsShortIdAndIpUnlessFull() {
        String id = "113f16a7e1a94e3fa6aafa3b8c1f2d8e";
        assertThat(MachineLegend.withIp(id, "172.17.8.103", false)).isEqualTo("113f16a7.../172.17.8.103");
        assertThat(MachineLegend.withIp(id, "172.17.8.103", true)).isEqualTo(id + "/172.17.8.103");
        assertThat(MachineLegend.withIp(id, null, false)).isEqualTo("113f16a7...");
        assertThat(MachineLegend.id("abc", false)).isEqualTo("abc...");
        assertThat(MachineLegend.withIp(null, "10.0.0.1", false)).isEmpty();
    }
}
