package io.attnflow.graph.cypher;

import io.attnflow.graph.GraphConnection;
import io.attnflow.graph.GraphErrors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neo4j.driver.AccessMode;
import org.neo4j.driver.Record;
import org.neo4j.driver.Result;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.TransactionConfig;
import org.neo4j.driver.exceptions.ClientException;
import org.neo4j.driver.exceptions.Neo4jException;
import org.neo4j.driver.summary.QueryType;

/**
 * Runs an analyst's Cypher without letting it change anything. Two locks: the query is first EXPLAINed and refused
 * unless the planner calls it {@code READ_ONLY}, and then it runs in a READ transaction (which the server also
 * enforces), with a timeout and a row limit.
 */
public final class ReadOnlyCypher {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_ROW_LIMIT = 1000;

    private final GraphConnection connection;
    private final Duration timeout;
    private final int rowLimit;

    public ReadOnlyCypher(GraphConnection connection, Duration timeout, int rowLimit) {
        this.connection = connection;
        this.timeout = timeout;
        this.rowLimit = rowLimit;
    }

    public ReadOnlyCypher(GraphConnection connection) {
        this(connection, DEFAULT_TIMEOUT, DEFAULT_ROW_LIMIT);
    }

    /**
     * Runs the query with parameters.
     *
     * @throws CypherQueryException when the query would write, is invalid, or fails or times out
     * @throws io.attnflow.graph.GraphUnavailableException when Neo4j cannot be reached
     */
    public CypherResult run(String query, Map<String, Object> params) {
        if (query == null || query.isBlank()) {
            throw new CypherQueryException(
                    "the query is empty: give a Cypher query such as MATCH (m:Model) RETURN m", false, null);
        }
        SessionConfig.Builder builder = SessionConfig.builder().withDefaultAccessMode(AccessMode.READ);
        if (connection.database() != null) builder.withDatabase(connection.database());
        SessionConfig config = builder.build();
        TransactionConfig tx = TransactionConfig.builder().withTimeout(timeout).build();
        try (Session session = connection.driver().session(config)) {
            QueryType type = session.executeRead(
                    t -> t.run("EXPLAIN " + query, params).consume().queryType(), tx);
            if (type != QueryType.READ_ONLY) {
                throw refused(type.name(), null);
            }
            return session.executeRead(t -> collect(t.run(query, params)), tx);
        } catch (CypherQueryException e) {
            throw e;
        } catch (ClientException e) {
            String code = e.code() == null ? "" : e.code();
            if (code.contains("AccessMode") || code.contains("Forbidden") || code.contains("WriteOnReadOnly")) {
                throw refused("WRITE", e);
            }
            if (code.contains("TransactionTimedOut") || code.contains("Terminated")) {
                throw new CypherQueryException(
                        "the query ran longer than " + timeout.toSeconds()
                                + " s and was stopped: narrow it (a model, a sentence, LIMIT)",
                        false,
                        e);
            }
            throw new CypherQueryException("the query failed: " + firstLine(e.getMessage()), false, e);
        } catch (Neo4jException e) {
            if (GraphErrors.isUnavailable(e)) throw GraphErrors.translate("the query", timeout, e);
            throw new CypherQueryException("the query failed: " + firstLine(e.getMessage()), false, e);
        }
    }

    public CypherResult run(String query) {
        return run(query, Map.of());
    }

    private CypherResult collect(Result result) {
        List<String> columns = result.keys();
        Map<String, Object> nodes = new LinkedHashMap<>();
        Map<String, Object> rels = new LinkedHashMap<>();
        List<List<Object>> rows = new ArrayList<>();
        boolean truncated = false;
        while (result.hasNext()) {
            if (rows.size() == rowLimit) {
                truncated = true;
                break;
            }
            Record r = result.next();
            List<Object> row = new ArrayList<>(columns.size());
            for (int i = 0; i < columns.size(); i++) row.add(GraphValues.plain(r.get(i), nodes, rels));
            rows.add(row);
        }
        result.consume();
        return new CypherResult(columns, rows, cast(nodes), cast(rels), truncated);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> cast(Map<String, Object> m) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o : m.values()) out.add((Map<String, Object>) o);
        return out;
    }

    private static CypherQueryException refused(String type, Throwable cause) {
        return new CypherQueryException(
                "refused: this query would change the graph (query type " + type + "). Queries here are read-only;"
                        + " use MATCH … RETURN (to change data, use Neo4j Browser or cypher-shell on the Bolt port)",
                true,
                cause);
    }

    private static String firstLine(String s) {
        if (s == null) return "unknown error";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
