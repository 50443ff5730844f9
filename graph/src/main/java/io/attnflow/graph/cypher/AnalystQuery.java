package io.attnflow.graph.cypher;

import java.util.Locale;

/**
 * An analyst's query split into how to run it and what to run: a leading {@code EXPLAIN} or {@code PROFILE} is taken
 * off (the runner adds its own EXPLAIN to check the query, and returns the plan), and the rest is checked by
 * {@link QueryTextRules} like any other query.
 *
 * @param mode  run it, only plan it, or run it and measure the plan
 * @param inner the query without the prefix
 * @param text  the scanned inner query
 */
record AnalystQuery(Mode mode, String inner, CypherText text) {
    enum Mode {
        RUN,
        EXPLAIN,
        PROFILE
    }

    /**
     * Bounds, splits and checks the query text.
     *
     * @throws CypherQueryException when the text is refused or too large
     */
    static AnalystQuery parse(String query) {
        QueryTextRules.checkLength(query);
        int start = firstWord(query);
        Mode mode = Mode.RUN;
        String inner = query;
        for (Mode m : new Mode[] {Mode.EXPLAIN, Mode.PROFILE}) {
            String word = m.name();
            int end = start + word.length();
            if (query.regionMatches(true, start, word, 0, word.length())
                    && (end == query.length() || !Character.isLetterOrDigit(query.charAt(end)))) {
                mode = m;
                inner = query.substring(end);
            }
        }
        if (inner.isBlank()) {
            throw CypherQueryException.badQuery(mode.name().toLowerCase(Locale.ROOT) + " needs a query after it, e.g. "
                    + mode + " MATCH (m:Model) RETURN m");
        }
        CypherText text = CypherText.scan(inner);
        QueryTextRules.check(text);
        String code = text.code().stripTrailing();
        if (code.endsWith(";")) { // one statement with its terminator: run it without
            inner = inner.substring(0, code.length() - 1);
            text = CypherText.scan(inner);
        }
        return new AnalystQuery(mode, inner, text);
    }

    /** Where the first word starts, after blanks and comments. */
    private static int firstWord(String q) {
        int i = 0;
        while (i < q.length()) {
            if (Character.isWhitespace(q.charAt(i))) i++;
            else if (q.startsWith("//", i)) {
                int nl = q.indexOf('\n', i);
                i = nl < 0 ? q.length() : nl + 1;
            } else if (q.startsWith("/*", i)) {
                int end = q.indexOf("*/", i + 2);
                i = end < 0 ? q.length() : end + 2;
            } else break;
        }
        return i;
    }
}
