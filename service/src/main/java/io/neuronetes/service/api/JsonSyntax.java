package io.neuronetes.service.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What is wrong with a body that is not JSON, in the words of JSON rather than of the parser: {@code NaN is not a
 * JSON number (line 1, column 24)} rather than the parser's advice to enable one of its features. The parser's
 * message is kept for what it says plainly, with its options, source descriptions and character codes taken out.
 */
final class JsonSyntax {

    /** Longest description; the parser quotes up to 256 characters of a bad token. */
    static final int MAX = 200;

    private static final Pattern NON_NUMERIC = Pattern.compile("Non-standard token '([^']*)'.*");
    private static final Pattern LIMIT = Pattern.compile("(\\w+) (?:value length|nesting depth) \\(\\d+\\) exceeds "
            + "the maximum allowed \\((\\d+).*", Pattern.DOTALL);
    private static final Pattern CONTROL = Pattern.compile("Illegal unquoted character \\(\\(CTRL-CHAR, code (\\d+)\\)"
            + "\\).*");
    private static final Pattern CHARACTER = Pattern.compile("\\('(.)' \\(code \\d+\\)\\)");
    private static final Pattern SOURCE = Pattern.compile("\\[Source: .*?; line: (\\d+), column: (\\d+)\\]");
    private static final Pattern ADVICE = Pattern.compile("(?::|;)? *(?:enable `|\\(not recognized as one since "
            + "Feature|maybe a \\(non-standard\\)).*", Pattern.DOTALL);
    private static final Pattern LONG_TOKEN = Pattern.compile("'([^']{40})[^']+'");
    private static final String VALUES = "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')";

    private JsonSyntax() {
    }

    /** A reader of one JSON value and nothing after it, refusing a field given twice (rather than the last winning). */
    static ObjectReader strict(ObjectMapper mapper) {
        return mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
    }

    /** What is wrong and where, such as {@code NaN is not a JSON number (line 1, column 24)}. */
    static String describe(JsonProcessingException e) {
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        JsonLocation at = e.getLocation();
        Matcher m = NON_NUMERIC.matcher(message);
        if (m.matches()) {
            // The parser stands after the token; the user looks for where it starts.
            return clip(m.group(1)) + " is not a JSON number" + where(at, m.group(1).length());
        }
        m = LIMIT.matcher(message);
        if (e instanceof StreamConstraintsException && m.matches()) {
            return switch (m.group(1)) {
                case "Number" -> "a number longer than " + m.group(2) + " digits";
                case "String" -> "a string longer than " + m.group(2) + " characters";
                case "Document" -> "nested deeper than " + m.group(2) + " levels";
                default -> m.group(1).toLowerCase(java.util.Locale.ROOT) + " longer than " + m.group(2);
            } + where(at, 0);
        }
        return plain(message) + where(at, 0);
    }

    /** The parser's own message without its options, source descriptions and character codes. */
    private static String plain(String message) {
        Matcher control = CONTROL.matcher(message);
        if (control.matches()) {
            return "a control character (code " + control.group(1) + ") in a string, where it must be escaped";
        }
        if (message.contains("JSON spec does not allow numbers to have plus signs")) {
            return "a JSON number cannot start with '+'";
        }
        if (message.startsWith("Trailing token")) {
            return "more after the JSON value";
        }
        if (message.contains("maybe a (non-standard) comment?")) {
            return "JSON has no comments";
        }
        String s = ADVICE.matcher(message).replaceFirst("");
        s = SOURCE.matcher(s).replaceAll("line $1, column $2");
        s = CHARACTER.matcher(s).replaceAll("'$1'");
        s = s.replace(VALUES, "a string, number, array, object, true, false or null")
                .replace("start marker at ", "opened at ");
        s = LONG_TOKEN.matcher(s).replaceAll("'$1...'");
        s = s.isEmpty() ? "unreadable" : Character.toLowerCase(s.charAt(0)) + s.substring(1);
        return clip(s);
    }

    private static String where(JsonLocation at, int back) {
        if (at == null || at.getLineNr() < 1 || at.getColumnNr() < 1) {
            return "";
        }
        return " (line " + at.getLineNr() + ", column " + Math.max(1, at.getColumnNr() - back) + ")";
    }

    /** At most {@link #MAX} characters, cut at a space, control characters shown as '?'. */
    private static String clip(String s) {
        String t = s.replaceAll("\\p{Cntrl}", "?");
        if (t.length() <= MAX) {
            return t;
        }
        int cut = t.lastIndexOf(' ', MAX);
        return t.substring(0, cut > MAX / 2 ? cut : MAX) + " ...";
    }
}
