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
 */
public record CypherResult(
        List<String> columns,
        List<List<Object>> rows,
        List<Map<String, Object>> nodes,
        List<Map<String, Object>> relationships,
        boolean truncated) {}
