package io.attnflow.graph.cypher;

import org.neo4j.driver.Value;

/**
 * Bounds how much one answer may hold: the row limit caps the rows, this caps the elements in them (a single
 * {@code RETURN range(1, 20000000)} is one row of 20 million values), so an answer stays small enough to send.
 */
final class ResultBudget {
    /** The most values (list elements, map entries, strings' characters / 64) in one answer. */
    static final long MAX_ELEMENTS = 1_000_000;

    private long used;

    /** Counts the value's elements and refuses the answer once the budget is spent. */
    void charge(Value v, String column) {
        used += size(v);
        if (used > MAX_ELEMENTS) {
            throw CypherQueryException.tooLarge(
                    "refused: the answer is too large (column " + column + " holds more" + " than " + MAX_ELEMENTS
                            + " values in all); return less, e.g. size(list) or a slice list[0..100]");
        }
    }

    private static long size(Value v) {
        if (v == null || v.isNull()) return 1;
        return switch (v.type().name()) {
            case "LIST" -> {
                long n = 1;
                for (Value x : v.values()) n += size(x);
                yield n;
            }
            case "MAP" -> {
                long n = 1;
                for (String k : v.keys()) n += size(v.get(k));
                yield n;
            }
            case "STRING" -> 1 + v.asString().length() / 64;
            case "BYTES" -> 1 + v.asByteArray().length / 64;
            default -> 1;
        };
    }
}
