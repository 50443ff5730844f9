package io.attnflow.graph.query;

import java.util.List;
import java.util.Map;

/**
 * The rows of a named catalogue query, as plain Java values (numbers, strings, booleans, lists, maps; nodes as
 * {@code {id, labels, properties}}), ready to serve as JSON.
 *
 * @param name      the query's name (its file name without {@code .cypher})
 * @param columns   the column names, in order
 * @param rows      one map per row, column → value
 * @param truncated true when the query had more rows than the row limit and only the first were kept
 */
public record QueryRows(String name, List<String> columns, List<Map<String, Object>> rows, boolean truncated) {}
