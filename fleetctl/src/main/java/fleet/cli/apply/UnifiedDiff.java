package fleet.cli.apply;

import java.util.ArrayList;
import java.util.List;

/** A unified diff of two texts, line by line, with three lines of context, as diff -u prints it. */
public final class UnifiedDiff {
    static final int CONTEXT = 3;
    /** Past this many line pairs the table would be too big: the whole text is shown as replaced. */
    private static final long MAX_CELLS = 4_000_000;

    private record Line(char op, String text) {
        boolean inOld() {
            return op != '+';
        }

        boolean inNew() {
            return op != '-';
        }
    }

    private UnifiedDiff() {}

    /** The diff with its {@code ---}/{@code +++} header; empty when the texts are equal. */
    public static String of(String oldLabel, String newLabel, String oldText, String newText) {
        List<Line> script = script(oldText.lines().toList(), newText.lines().toList());
        if (script.stream().allMatch(l -> l.op() == ' ')) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        out.append("--- ").append(oldLabel).append('\n').append("+++ ").append(newLabel).append('\n');
        int i = 0;
        while (i < script.size()) {
            if (script.get(i).op() == ' ') {
                i++;
                continue;
            }
            int start = Math.max(0, i - CONTEXT);
            int end = hunkEnd(script, i);
            appendHunk(out, script, start, end);
            i = end;
        }
        return out.toString();
    }

    /** Where the hunk holding the change at {@code i} ends: after the last change closer than 2×context, plus context. */
    private static int hunkEnd(List<Line> script, int i) {
        int lastChange = i;
        for (int k = i; k < script.size() && k <= lastChange + 2 * CONTEXT; k++) {
            if (script.get(k).op() != ' ') {
                lastChange = k;
            }
        }
        return Math.min(script.size(), lastChange + CONTEXT + 1);
    }

    private static void appendHunk(StringBuilder out, List<Line> script, int start, int end) {
        int oldBefore = 0;
        int newBefore = 0;
        for (int k = 0; k < start; k++) {
            oldBefore += script.get(k).inOld() ? 1 : 0;
            newBefore += script.get(k).inNew() ? 1 : 0;
        }
        int oldLen = 0;
        int newLen = 0;
        for (int k = start; k < end; k++) {
            oldLen += script.get(k).inOld() ? 1 : 0;
            newLen += script.get(k).inNew() ? 1 : 0;
        }
        out.append("@@ -").append(range(oldBefore, oldLen)).append(" +").append(range(newBefore, newLen))
                .append(" @@\n");
        for (int k = start; k < end; k++) {
            out.append(script.get(k).op()).append(script.get(k).text()).append('\n');
        }
    }

    private static String range(int before, int len) {
        return (len == 0 ? before : before + 1) + "," + len;
    }

    /** The edit script of a longest common subsequence: kept, removed and added lines in order. */
    private static List<Line> script(List<String> a, List<String> b) {
        List<Line> out = new ArrayList<>();
        if ((long) a.size() * b.size() > MAX_CELLS) {
            a.forEach(l -> out.add(new Line('-', l)));
            b.forEach(l -> out.add(new Line('+', l)));
            return out;
        }
        int[][] lcs = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
                out.add(new Line(' ', a.get(i++)));
                j++;
            } else if (j >= b.size() || (i < a.size() && lcs[i + 1][j] >= lcs[i][j + 1])) {
                out.add(new Line('-', a.get(i++)));
            } else {
                out.add(new Line('+', b.get(j++)));
            }
        }
        return out;
    }
}
