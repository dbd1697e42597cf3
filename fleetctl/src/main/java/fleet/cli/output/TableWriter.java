package fleet.cli.output;

import java.util.List;

/**
 * fleetctl's tables: Go's {@code tabwriter.NewWriter(out, 0, 8, 1, '\t', 0)} fed with tab-joined rows.
 * Every column but the last is padded with tabs to the smallest multiple of 8 that is wider than its
 * widest cell; the last column is not padded. Empty cells print as {@code -}.
 */
public final class TableWriter {
    static final int TAB_WIDTH = 8;
    static final int PADDING = 1;

    private TableWriter() {}

    /** {@code header} is null for --no-legend; every row has as many cells as there are columns. */
    public static String render(List<String> header, List<List<String>> rows) {
        int columns = header != null ? header.size() : rows.isEmpty() ? 0 : rows.get(0).size();
        int[] widths = new int[columns];
        if (header != null) {
            widen(widths, header);
        }
        for (List<String> row : rows) {
            if (row.size() != columns) {
                throw new IllegalArgumentException("row has " + row.size() + " cells, expected " + columns);
            }
            widen(widths, row);
        }
        StringBuilder out = new StringBuilder();
        if (header != null) {
            line(out, widths, header);
        }
        for (List<String> row : rows) {
            line(out, widths, row);
        }
        return out.toString();
    }

    private static void widen(int[] widths, List<String> row) {
        for (int i = 0; i < row.size() - 1; i++) {
            int w = width(cell(row.get(i))) + PADDING;
            int rounded = (w + TAB_WIDTH - 1) / TAB_WIDTH * TAB_WIDTH;
            widths[i] = Math.max(widths[i], rounded);
        }
    }

    private static void line(StringBuilder out, int[] widths, List<String> row) {
        for (int i = 0; i < row.size(); i++) {
            String text = cell(row.get(i));
            out.append(text);
            if (i < row.size() - 1) {
                int pad = widths[i] - width(text);
                out.append("\t".repeat((pad + TAB_WIDTH - 1) / TAB_WIDTH));
            }
        }
        out.append('\n');
    }

    static String cell(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }

    /** Go's tabwriter counts UTF-8 runes, i.e. code points. */
    private static int width(String s) {
        return s.codePointCount(0, s.length());
    }
}
