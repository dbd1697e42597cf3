package fleet.cli.apply;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UnifiedDiffTest {
    @Test
    void equalTextsHaveNoDiff() {
        assertThat(UnifiedDiff.of("a", "b", "x\ny\n", "x\ny\n")).isEmpty();
    }

    @Test
    void oneChangedLineWithContext() {
        String old = "[Unit]\nDescription=web\n\n[Service]\nExecStart=/bin/sleep 1\nRestart=always\n";
        String now = "[Unit]\nDescription=web\n\n[Service]\nExecStart=/bin/sleep 2\nRestart=always\n";
        assertThat(UnifiedDiff.of("old", "new", old, now)).isEqualTo("""
                --- old
                +++ new
                @@ -2,5 +2,5 @@
                 Description=web
                \s
                 [Service]
                -ExecStart=/bin/sleep 1
                +ExecStart=/bin/sleep 2
                 Restart=always
                """);
    }

    @Test
    void distantChangesGetTwoHunksAndAnAddedLineCountsOnlyOnTheNewSide() {
        StringBuilder old = new StringBuilder();
        for (int i = 1; i <= 20; i++) {
            old.append("line").append(i).append('\n');
        }
        String now = old.toString().replace("line2\n", "line2\nadded\n").replace("line18\n", "");
        assertThat(UnifiedDiff.of("o", "n", old.toString(), now)).isEqualTo("""
                --- o
                +++ n
                @@ -1,5 +1,6 @@
                 line1
                 line2
                +added
                 line3
                 line4
                 line5
                @@ -15,6 +16,5 @@
                 line15
                 line16
                 line17
                -line18
                 line19
                 line20
                """);
    }

    @Test
    void fromNothing() {
        assertThat(UnifiedDiff.of("o", "n", "", "a\n")).isEqualTo("--- o\n+++ n\n@@ -0,0 +1,1 @@\n+a\n");
    }
}
