package io.neuronetes.forecast.io;

/**
 * A trace file that does not follow the trace CSV format. The message is one line naming the file, the line (when
 * one line is to blame) and the column, for example {@code nasa.csv:17: column 'requests': not a number: "abc"}.
 */
public final class TraceFormatException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public TraceFormatException(String message) {
        super(message);
    }

    /** A problem on one line of a file, in one column. */
    static TraceFormatException at(String file, int line, String column, String problem) {
        return new TraceFormatException(file + ":" + line + ": column '" + column + "': " + problem);
    }

    /** A problem on one line of a file that no single column explains. */
    static TraceFormatException at(String file, int line, String problem) {
        return new TraceFormatException(file + ":" + line + ": " + problem);
    }

    /** A problem with a whole column (no single line). */
    static TraceFormatException column(String file, String column, String problem) {
        return new TraceFormatException(file + ": column '" + column + "': " + problem);
    }

    /** A problem with the whole file. */
    static TraceFormatException file(String file, String problem) {
        return new TraceFormatException(file + ": " + problem);
    }
}
