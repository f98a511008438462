package io.neuronetes.service.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The table rows of a Markdown document, each with the headings it sits under and its line number. */
final class MarkdownTables {

    /**
     * One table row.
     *
     * @param headings the headings above it, outermost first (text without the #s)
     * @param header   the cells of its table's header row
     * @param cells    the cells, trimmed
     * @param line     1-based line number
     */
    record Row(List<String> headings, List<String> header, List<String> cells, int line) {

        /** The innermost heading. */
        String heading() {
            return headings.isEmpty() ? "" : headings.get(headings.size() - 1);
        }

        /** The first cell's code span (the text between its first pair of backticks), or the cell as is. */
        String key() {
            String c = cells.get(0);
            int a = c.indexOf('`');
            int b = a < 0 ? -1 : c.indexOf('`', a + 1);
            return b > a ? c.substring(a + 1, b) : c;
        }

        String cell(int i) {
            return i < cells.size() ? cells.get(i) : "";
        }
    }

    private MarkdownTables() {
    }

    /**
     * The body rows of every table of {@code file} (header and separator rows left out). As in Markdown, a table ends
     * at the first line that is not a row of it: a row after a blank line or a paragraph is not part of the table
     * above, and is left out here (see {@link #strayRows}).
     */
    static List<Row> rows(Path file) {
        return parse(file, false);
    }

    /**
     * The lines of {@code file} that look like table rows but belong to no table, because a blank line or a
     * paragraph separates them from the header: Markdown shows them as text, pipes included.
     */
    static List<Row> strayRows(Path file) {
        return parse(file, true);
    }

    private static List<Row> parse(Path file, boolean stray) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Row> rows = new ArrayList<>();
        List<String> headings = new ArrayList<>();
        List<Integer> levels = new ArrayList<>();
        boolean inFence = false;
        List<String> header = null;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (!l.startsWith("|")) {
                header = null; // the table, if any, ends here
            }
            if (l.startsWith("```")) {
                inFence = !inFence;
                continue;
            }
            if (inFence) {
                continue;
            }
            if (l.startsWith("#")) {
                int level = l.indexOf(' ');
                while (!levels.isEmpty() && levels.get(levels.size() - 1) >= level) {
                    levels.remove(levels.size() - 1);
                    headings.remove(headings.size() - 1);
                }
                levels.add(level);
                headings.add(l.substring(level).strip());
            } else if (l.startsWith("|") && isHeader(lines, i)) {
                header = cells(l);
            } else if (l.startsWith("|") && !isSeparator(l) && (header == null) == stray) {
                rows.add(new Row(List.copyOf(headings), header == null ? List.of() : header, cells(l), i + 1));
            }
        }
        return rows;
    }

    private static boolean isSeparator(String l) {
        return l.matches("\\|[\\s:|-]+\\|?\\s*");
    }

    private static boolean isHeader(List<String> lines, int i) {
        return i + 1 < lines.size() && isSeparator(lines.get(i + 1));
    }

    /** Splits a row on unescaped pipes (a {@code \|} inside a cell is text). */
    static List<String> cells(String l) {
        String body = l.strip();
        body = body.substring(1, body.endsWith("|") && body.length() > 1 ? body.length() - 1 : body.length());
        String[] parts = body.split("(?<!\\\\)\\|", -1);
        return Arrays.stream(parts).map(String::strip).toList();
    }
}
