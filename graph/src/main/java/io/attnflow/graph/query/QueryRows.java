package io.attnflow.graph.query;

import java.util.List;
import java.util.Map;

/**
 * The rows of a named catalogue query, as plain Java values (numbers, strings, booleans, lists, maps; nodes as
 * their property maps), ready to serve as JSON.
 *
 * @param name    the query's name (its file name without {@code .cypher})
 * @param columns the column names, in order
 * @param rows    one map per row, column → value
 */
public record QueryRows(String name, List<String> columns, List<Map<String, Object>> rows) {}
