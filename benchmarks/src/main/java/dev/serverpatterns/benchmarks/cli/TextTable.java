package dev.serverpatterns.benchmarks.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table for a terminal: columns as wide as their widest cell, numbers aligned
 * right, text left, two spaces between columns. The last column may be as long as it likes.
 */
final class TextTable {

    /** A column's heading, and whether its cells are numbers (aligned right). */
    record Column(String heading, boolean numeric) {
    }

    private final List<Column> columns;
    private final List<List<String>> rows = new ArrayList<>();

    TextTable(List<Column> columns) {
        this.columns = List.copyOf(columns);
    }

    void add(List<String> row) {
        if (row.size() != columns.size()) {
            throw new IllegalArgumentException("a row of " + row.size() + " cells in a table of " + columns.size());
        }
        rows.add(List.copyOf(row));
    }

    void print(PrintWriter out) {
        int[] widths = new int[columns.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = columns.get(c).heading().length();
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        printRow(out, columns.stream().map(Column::heading).toList(), widths);
        for (List<String> row : rows) {
            printRow(out, row, widths);
        }
    }

    private void printRow(PrintWriter out, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            String cell = cells.get(c);
            boolean last = c == cells.size() - 1;
            String padding = " ".repeat(widths[c] - cell.length());
            if (columns.get(c).numeric()) {
                line.append(padding).append(cell);
            } else {
                line.append(cell).append(last ? "" : padding);
            }
            if (!last) {
                line.append("  ");
            }
        }
        out.println(line.toString().stripTrailing());
    }
}
