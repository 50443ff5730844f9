package io.attnflow.core.query;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one rule by which a parameter typed as text (a query-string value of {@code /api/queries/{name}}, a
 * {@code -p NAME=VALUE} of {@code attnflow cypher}) becomes a Cypher value: {@code null}, {@code true}/{@code false},
 * an integer (Long), a decimal (Double), or else the text as given. Ids (model, sentence, corpus) are never made
 * numbers, because a sentence id can be all digits, but {@code null} is null for them, since queries such as
 * {@code head_behaviour} take a null {@code $sid} to mean "every sentence" and no id is the word "null". Free text
 * (words, labels, token text) is always the text as given: "null" and "true" are words too.
 */
public final class CypherParameters {
    /** Id parameters: text even when they look like numbers, or null. */
    public static final Set<String> ID_NAMES = Set.of("model", "modelA", "modelB", "sid", "corpus");

    /** Free-text parameters: always the text as given. */
    public static final Set<String> WORD_NAMES = Set.of("text", "token", "word", "label");

    private static final Pattern INTEGER = Pattern.compile("-?\\d{1,18}");
    private static final Pattern DECIMAL = Pattern.compile("-?(\\d+\\.\\d*|\\.\\d+|\\d+(?=[eE]))([eE][-+]?\\d+)?");

    private CypherParameters() {}

    /** The value of parameter {@code name} given as {@code raw}. */
    public static Object value(String name, String raw) {
        if (raw == null || WORD_NAMES.contains(name)) return raw;
        String s = raw.trim();
        if (s.equals("null")) return null;
        if (ID_NAMES.contains(name)) return raw;
        if (s.equals("true") || s.equals("false")) return Boolean.parseBoolean(s);
        if (INTEGER.matcher(s).matches()) return Long.parseLong(s);
        if (DECIMAL.matcher(s).matches()) return Double.parseDouble(s);
        return raw;
    }

    /** Every parameter by {@link #value}, in the given order. */
    public static Map<String, Object> values(Map<String, String> raw) {
        Map<String, Object> out = new LinkedHashMap<>();
        raw.forEach((k, v) -> out.put(k, value(k, v)));
        return out;
    }
}
