package io.neuronetes.service.notebooks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A comma-separated file with a header row and no quoting, as the bench scripts write it; enough to recompute
 * the notebooks' figures independently in the tests.
 */
final class SimpleCsv {

    private final Path file;
    private final List<String> header;
    private final List<String[]> rows;

    private SimpleCsv(Path file, List<String> header, List<String[]> rows) {
        this.file = file;
        this.header = header;
        this.rows = rows;
    }

    static SimpleCsv read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(file + ": empty file, expected a header row");
        }
        List<String[]> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (!line.isBlank()) {
                rows.add(line.split(",", -1));
            }
        }
        return new SimpleCsv(file, Arrays.asList(lines.get(0).trim().split(",")), rows);
    }

    int size() {
        return rows.size();
    }

    /** The cell of {@code column} in data row {@code row} (0-based) as a double. */
    double number(int row, String column) {
        String cell = rows.get(row)[index(column)].trim();
        try {
            return cell.isEmpty() ? Double.NaN : Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + " line " + (row + 2) + " column " + column + ": not a number: '"
                    + cell + "'", e);
        }
    }

    /** The cell of {@code column} in data row {@code row} as whole seconds (the bench's numeric time format). */
    long seconds(int row, String column) {
        double value = number(row, column);
        if (value != Math.rint(value)) {
            throw new IllegalArgumentException(file + " line " + (row + 2) + " column " + column
                    + ": expected whole seconds, got " + value);
        }
        return (long) value;
    }

    private int index(String column) {
        int index = header.indexOf(column);
        if (index < 0) {
            throw new IllegalArgumentException(file + ": no column '" + column + "' in header " + header);
        }
        return index;
    }
}
