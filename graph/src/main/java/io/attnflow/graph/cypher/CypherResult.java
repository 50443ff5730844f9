package io.attnflow.graph.cypher;

import java.util.List;
import java.util.Map;

/**
 * The result of an analyst's read-only query, as plain Java values.
 *
 * @param columns       the column names
 * @param rows          the rows (at most the row limit), each a list in column order; nodes appear as
 *                      {@code {id, labels, properties}}, relationships as {@code {id, type, start, end, properties}}
 * @param nodes         every distinct node that appears in the rows, for drawing
 * @param relationships every distinct relationship that appears in the rows
 * @param truncated     true when the query had more rows than the limit
 * @param plan          for a query sent with {@code EXPLAIN} or {@code PROFILE}: the plan tree ({@code operator},
 *                      {@code details}, {@code identifiers}, {@code estimatedRows}, and for PROFILE {@code rows} and
 *                      {@code dbHits}, with {@code children}); null otherwise
 */
public record CypherResult(
        List<String> columns,
        List<List<Object>> rows,
        List<Map<String, Object>> nodes,
        List<Map<String, Object>> relationships,
        boolean truncated,
        Map<String, Object> plan) {

    /** A result without a plan. */
    public CypherResult(
            List<String> columns,
            List<List<Object>> rows,
            List<Map<String, Object>> nodes,
            List<Map<String, Object>> relationships,
            boolean truncated) {
        this(columns, rows, nodes, relationships, truncated, null);
    }
}
