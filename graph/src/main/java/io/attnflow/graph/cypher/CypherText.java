package io.attnflow.graph.cypher;

/**
 * One pass over a query's text that knows Cypher's strings, quoted names and comments, so that the checks after it
 * see only code: a keyword inside {@code 'a string'} or a comment is not a keyword.
 *
 * @param code      the query, of the same length, with the inside of every string literal and every comment blanked
 *                  out, and every backtick-quoted name unquoted (its backticks blanked, characters other than
 *                  letters, digits, {@code _} and {@code .} turned to {@code _}): same positions and meaning for the
 *                  checks, no quoting tricks
 * @param maxDepth  the deepest nesting of {@code ( [ {} brackets outside strings and comments
 * @param statements the number of statements: non-blank pieces between top-level semicolons
 */
record CypherText(String code, int maxDepth, int statements) {

    /**
     * Scans {@code query}.
     *
     * @throws CypherQueryException (bad query) when a string, quoted name or block comment is not closed
     */
    static CypherText scan(String query) {
        StringBuilder code = new StringBuilder(query.length());
        int depth = 0, maxDepth = 0, statements = 0;
        boolean pending = false; // non-blank code since the last semicolon
        int n = query.length();
        for (int i = 0; i < n; i++) {
            char c = query.charAt(i);
            char next = i + 1 < n ? query.charAt(i + 1) : '\0';
            if (c == '\'' || c == '"') {
                int end = endOfString(query, i, c);
                code.append('\'').append(" ".repeat(end - i - 1)).append('\'');
                i = end;
                pending = true;
            } else if (c == '`') {
                int end = query.indexOf('`', i + 1);
                while (end >= 0 && end + 1 < n && query.charAt(end + 1) == '`') end = query.indexOf('`', end + 2);
                if (end < 0) throw unclosed("quoted name (`)", i);
                code.append(' ');
                for (int k = i + 1; k < end; k++) {
                    char q = query.charAt(k);
                    code.append(Character.isLetterOrDigit(q) || q == '.' ? q : '_');
                }
                code.append(' ');
                i = end;
                pending = true;
            } else if (c == '/' && next == '/') {
                int end = query.indexOf('\n', i);
                end = end < 0 ? n : end;
                code.append(" ".repeat(end - i));
                i = end - 1;
            } else if (c == '/' && next == '*') {
                int end = query.indexOf("*/", i + 2);
                if (end < 0) throw unclosed("comment (/*)", i);
                code.append(" ".repeat(end + 2 - i));
                i = end + 1;
            } else {
                if (c == '(' || c == '[' || c == '{') maxDepth = Math.max(maxDepth, ++depth);
                else if (c == ')' || c == ']' || c == '}') depth = Math.max(0, depth - 1);
                if (c == ';' && depth == 0) {
                    if (pending) statements++;
                    pending = false;
                } else if (!Character.isWhitespace(c)) {
                    pending = true;
                }
                code.append(c);
            }
        }
        if (pending) statements++;
        return new CypherText(code.toString(), maxDepth, statements);
    }

    private static int endOfString(String q, int start, char quote) {
        for (int i = start + 1; i < q.length(); i++) {
            char c = q.charAt(i);
            if (c == '\\') i++;
            else if (c == quote) return i;
        }
        throw unclosed("string (" + quote + ")", start);
    }

    private static CypherQueryException unclosed(String what, int at) {
        return CypherQueryException.badQuery(
                "the query has an unclosed " + what + " starting at character " + (at + 1));
    }
}
