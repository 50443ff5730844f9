package io.attnflow.graph.cypher;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes the server refuse an answer holding one huge value before it is sent: {@code RETURN range(1, 20000000)} is
 * a single row, cheap for Neo4j (the list is lazy, so no memory cap sees it) but 20 million values for the driver
 * to decode in this JVM. The query's last {@code RETURN} gets an alias per column, the query becomes
 * {@code CALL { … } WITH * WHERE <every list or string column is small> RETURN <columns>}, and a too large value
 * fails the query with {@link #MARKER} in the message. A UNION is wrapped as it is (its columns are aliased
 * already). Queries it cannot wrap ({@code RETURN *}, no final RETURN, or a wrapper Neo4j rejects) run as they are,
 * still bounded by {@link ResultBudget} as their rows arrive.
 */
final class AnswerGuard {
    /** The most list elements or string characters in one returned value. */
    static final long MAX_VALUE_SIZE = 1_000_000;

    /** Found in the server's error when the guard refused a value. */
    static final String MARKER = "attnflow-answer-too-large";

    private static final Pattern REFUSAL = Pattern.compile(MARKER + "-(\\d+)");

    private static final Pattern WORD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private AnswerGuard() {}

    /** The size of the refused value when this server error is the guard's refusal. */
    static Optional<String> refusedSize(String serverMessage) {
        Matcher m = REFUSAL.matcher(serverMessage == null ? "" : serverMessage);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** The guarded query, or empty when this query's shape cannot be wrapped. */
    static Optional<String> wrap(String inner, CypherText text, List<String> columns) {
        String code = text.code();
        int returnAt = -1;
        int itemsEnd = code.length();
        for (int[] word : topLevelWords(code)) {
            String w = code.substring(word[0], word[1]).toUpperCase(Locale.ROOT);
            if (w.equals("UNION")) return Optional.of(guarded("CALL { " + inner + "\n}", quoted(columns)));
            if (w.equals("RETURN")) {
                returnAt = word[1];
                itemsEnd = code.length();
            } else if (returnAt >= 0 && itemsEnd == code.length() && isClauseAfterReturn(w, code, word[1])) {
                itemsEnd = word[0];
            }
        }
        if (returnAt < 0 || columns.isEmpty()) return Optional.empty();
        List<int[]> items = splitItems(code, returnAt, itemsEnd);
        String head = code.substring(returnAt, items.get(0)[0]).trim();
        if (!head.isEmpty() && !head.equalsIgnoreCase("DISTINCT")) return Optional.empty();
        if (items.size() != columns.size()) return Optional.empty();
        StringBuilder out =
                new StringBuilder("CALL { ").append(inner, 0, returnAt).append(' ');
        if (!head.isEmpty()) out.append("DISTINCT ");
        List<String> names = new ArrayList<>();
        for (int k = 0; k < items.size(); k++) {
            int[] item = items.get(k);
            String itemCode = code.substring(item[0], item[1]).trim();
            if (itemCode.equals("*")) return Optional.empty();
            String name = "`" + columns.get(k).replace("`", "``") + "`";
            names.add(name);
            out.append(k == 0 ? "" : ", ")
                    .append(inner.substring(item[0], item[1]).trim());
            if (!hasAlias(itemCode)) out.append(" AS ").append(name);
        }
        out.append(' ').append(inner.substring(itemsEnd)).append("\n}");
        return Optional.of(guarded(out.toString(), names));
    }

    private static List<String> quoted(List<String> columns) {
        return columns.stream().map(c -> "`" + c.replace("`", "``") + "`").toList();
    }

    /** {@code call} followed by the size conditions on its columns and their RETURN. */
    private static String guarded(String call, List<String> names) {
        StringBuilder out = new StringBuilder(call).append(" WITH * WHERE ");
        for (int k = 0; k < names.size(); k++) {
            // head([x, '']) has no static type, so size() type-checks whatever the column holds (a node, a number)
            String c = "head([" + names.get(k) + ", ''])";
            out.append(k == 0 ? "" : " AND ")
                    .append("CASE WHEN (valueType(")
                    .append(c)
                    .append(") STARTS WITH 'LIST' OR valueType(")
                    .append(c)
                    .append(") STARTS WITH 'STRING') AND size(")
                    .append(c)
                    .append(") > ")
                    .append(MAX_VALUE_SIZE)
                    .append(" THEN date('")
                    .append(MARKER)
                    .append("-' + toString(size(")
                    .append(c)
                    .append("))) IS NULL ELSE true END");
        }
        out.append(" RETURN ").append(String.join(", ", names));
        return out.toString();
    }

    private static boolean isClauseAfterReturn(String w, String code, int end) {
        if (w.equals("SKIP") || w.equals("LIMIT") || w.equals("OFFSET")) return true;
        return w.equals("ORDER")
                && code.substring(end).stripLeading().toUpperCase(Locale.ROOT).startsWith("BY");
    }

    private static List<int[]> splitItems(String code, int from, int to) {
        List<int[]> items = new ArrayList<>();
        int depth = 0, start = from;
        int head = from; // skip a leading DISTINCT into the head
        Matcher d = Pattern.compile("\\s*DISTINCT\\b", Pattern.CASE_INSENSITIVE)
                .matcher(code)
                .region(from, to);
        if (d.lookingAt()) head = d.end();
        start = head;
        for (int i = head; i < to; i++) {
            char c = code.charAt(i);
            depth += depthChange(c);
            if (c == ',' && depth == 0) {
                items.add(new int[] {start, i});
                start = i + 1;
            }
        }
        items.add(new int[] {start, to});
        return items;
    }

    private static boolean hasAlias(String itemCode) {
        return topLevelWords(itemCode).stream()
                .anyMatch(w -> itemCode.substring(w[0], w[1]).equalsIgnoreCase("AS"));
    }

    /** The [start, end) of each keyword-like word outside brackets (not a property, parameter or label). */
    private static List<int[]> topLevelWords(String code) {
        List<int[]> words = new ArrayList<>();
        int depth = 0, scanned = 0;
        Matcher m = WORD.matcher(code);
        while (m.find()) {
            for (int i = scanned; i < m.start(); i++) depth += depthChange(code.charAt(i));
            scanned = m.start();
            if (depth == 0 && !precededByMark(code, m.start())) words.add(new int[] {m.start(), m.end()});
        }
        return words;
    }

    private static int depthChange(char c) {
        return c == '(' || c == '[' || c == '{' ? 1 : c == ')' || c == ']' || c == '}' ? -1 : 0;
    }

    private static boolean precededByMark(String s, int at) {
        if (at > 0 && (Character.isLetterOrDigit(s.charAt(at - 1)) || s.charAt(at - 1) == '_')) return true;
        for (int i = at - 1; i >= 0; i--) {
            char c = s.charAt(i);
            if (!Character.isWhitespace(c)) return c == '.' || c == '$' || c == ':';
        }
        return false;
    }
}
