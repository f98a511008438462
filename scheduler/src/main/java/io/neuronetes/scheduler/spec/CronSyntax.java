package io.neuronetes.scheduler.spec;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;

/** Five-field UNIX cron (minute hour day-of-month month day-of-week), parsed with cron-utils. */
public final class CronSyntax {

    /** Longest cron expression accepted; five fields with lists fit easily. */
    public static final int MAX_LENGTH = 200;

    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private CronSyntax() {
    }

    /**
     * Parses and validates a five-field cron expression.
     *
     * @throws IllegalArgumentException with cron-utils' reason for an invalid expression
     */
    public static Cron parse(String expression) {
        String e = expression.strip();
        int fields = e.isEmpty() ? 0 : e.split("\\s+").length;
        if (fields != 5) {
            throw new IllegalArgumentException("expected five fields (minute hour day-of-month month day-of-week), got "
                    + fields + " in \"" + expression + "\"");
        }
        try {
            synchronized (PARSER) {
                return PARSER.parse(e).validate();
            }
        } catch (RuntimeException ex) {
            throw new IllegalArgumentException("invalid cron \"" + expression + "\": " + ex.getMessage(), ex);
        }
    }
}
