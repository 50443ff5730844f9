package io.attnflow.graph.cypher;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checks made on a query's text before anything is sent to Neo4j: size and nesting bounds (a deeply nested
 * query can crash the server's parser and hold a connection for minutes), one statement, and no clause or call
 * that reads or changes something other than the graph. Strings and comments are skipped ({@link CypherText}), so
 * {@code RETURN 'SHOW USERS'} passes. The plan is checked as well afterwards ({@link PlanInspector}).
 */
final class QueryTextRules {
    /** The longest query accepted, in characters (the longest catalogue query is about 6,000). */
    static final int MAX_LENGTH = 16_384;

    /** The deepest bracket nesting accepted (the catalogue queries nest at most about 6 deep). */
    static final int MAX_DEPTH = 32;

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(?:\\s*\\.\\s*[A-Za-z_][A-Za-z0-9_]*)*");

    /** Leading words of admin and schema commands. */
    private static final Set<String> ADMIN_LEADING =
            Set.of("ALTER", "DROP", "START", "STOP", "RENAME", "ENABLE", "DEALLOCATE", "REALLOCATE", "DRYRUN");

    /** Admin words refused anywhere in the code. */
    private static final Set<String> ADMIN_ANYWHERE = Set.of("SHOW", "TERMINATE", "GRANT", "DENY", "REVOKE");

    /** What {@code CREATE} makes in a schema or admin command (a plain {@code CREATE (n)} is left to the planner). */
    private static final Set<String> CREATE_ADMIN = Set.of(
            "USER",
            "ROLE",
            "DATABASE",
            "COMPOSITE",
            "ALIAS",
            "INDEX",
            "CONSTRAINT",
            "OR",
            "RANGE",
            "TEXT",
            "POINT",
            "LOOKUP",
            "FULLTEXT",
            "VECTOR",
            "BTREE",
            "SERVER");

    private QueryTextRules() {}

    /** Refuses a query longer than {@link #MAX_LENGTH}; cheap, so done before scanning. */
    static void checkLength(String query) {
        if (query.length() > MAX_LENGTH) {
            throw CypherQueryException.tooLarge("refused: the query has " + query.length() + " characters; at most "
                    + MAX_LENGTH + " are accepted. Pass values as parameters");
        }
    }

    /**
     * Checks the scanned text of the query (without an EXPLAIN or PROFILE prefix).
     *
     * @throws CypherQueryException naming the refused part
     */
    static void check(CypherText text) {
        if (text.maxDepth() > MAX_DEPTH) {
            throw CypherQueryException.tooLarge("refused: the query nests brackets " + text.maxDepth()
                    + " deep; at most " + MAX_DEPTH + " levels are accepted");
        }
        if (text.statements() > 1) {
            throw CypherQueryException.refused("refused: the query holds " + text.statements()
                    + " statements separated by ';'; send one statement at a time");
        }
        List<Word> words = words(text.code());
        for (int i = 0; i < words.size(); i++) {
            Word w = words.get(i);
            String next = i + 1 < words.size() ? words.get(i + 1).upper() : "";
            String part = refusedPart(w, next, i == 0, words, i);
            if (part != null) throw CypherQueryException.refused("refused: " + part);
        }
    }

    private static String refusedPart(Word w, String next, boolean leading, List<Word> words, int i) {
        String u = w.upper();
        if (w.calledAsProcedure()) {
            return ReadOnlyAllowlist.procedure(w.name())
                    ? null
                    : "the procedure " + w.name() + " may not be called here; the read-only procedures allowed are "
                            + ReadOnlyAllowlist.procedures();
        }
        if (w.dotted() && w.calledAsFunction()) {
            return ReadOnlyAllowlist.function(w.name())
                    ? null
                    : "the function " + w.name() + " may not be called here; only Cypher's built-in functions"
                            + " (and the temporal, spatial and vector ones) are allowed";
        }
        if (w.dotted() || w.afterPropertyMark()) return null;
        if (u.equals("LOAD") && next.equals("CSV")) return "LOAD CSV reads files and URLs, not the graph";
        if (u.equals("USE")) return "USE switches the database; queries here run on the app's database";
        if (u.equals("TRANSACTIONS") && i > 0) {
            String before = words.get(i - 1).upper();
            if (!before.equals("SHOW") && !before.equals("TERMINATE")) {
                return "CALL { … } IN TRANSACTIONS commits on its own; queries here run in one read transaction";
            }
        }
        if (ADMIN_ANYWHERE.contains(u)) return u + " " + next + " is an admin command";
        if (leading && ADMIN_LEADING.contains(u)) return u + " " + next + " is an admin or schema command";
        if (u.equals("CREATE") && CREATE_ADMIN.contains(next))
            return "CREATE " + next + " is a schema or admin command";
        return null;
    }

    /**
     * A name in the code.
     *
     * @param name         the name with blanks around dots removed, e.g. {@code db.labels}
     * @param before       the code character before it (after blanks), or 0
     * @param after        the code character after it (after blanks), or 0
     * @param afterCall    true when the word before it is CALL
     */
    private record Word(String name, char before, char after, boolean afterCall) {
        String upper() {
            return name.toUpperCase(Locale.ROOT);
        }

        boolean dotted() {
            return name.indexOf('.') >= 0;
        }

        /** {@code CALL name} (with or without arguments), not {@code CALL {} or {@code CALL (x) {}}. */
        boolean calledAsProcedure() {
            return afterCall;
        }

        boolean calledAsFunction() {
            return after == '(';
        }

        /** A property key ({@code n.show}), parameter ({@code $use}) or label ({@code :Show}): not a keyword. */
        boolean afterPropertyMark() {
            return before == '.' || before == '$' || before == ':';
        }
    }

    private static List<Word> words(String code) {
        List<Word> out = new ArrayList<>();
        Matcher m = NAME.matcher(code);
        boolean previousWasCall = false;
        while (m.find()) {
            if (m.start() > 0 && Character.isLetterOrDigit(code.charAt(m.start() - 1))) continue; // e.g. 1e5
            String name = m.group().replaceAll("\\s+", "");
            char before = charBefore(code, m.start());
            char after = charAfter(code, m.end());
            boolean afterCall = previousWasCall && Character.isLetter(before); // CALL name, not CALL { or CALL (
            out.add(new Word(name, before, after, afterCall));
            previousWasCall = name.equalsIgnoreCase("CALL") && before != '.' && before != '$' && before != ':';
        }
        return out;
    }

    private static char charBefore(String s, int at) {
        for (int i = at - 1; i >= 0; i--) if (!Character.isWhitespace(s.charAt(i))) return s.charAt(i);
        return 0;
    }

    private static char charAfter(String s, int at) {
        for (int i = at; i < s.length(); i++) if (!Character.isWhitespace(s.charAt(i))) return s.charAt(i);
        return 0;
    }
}
