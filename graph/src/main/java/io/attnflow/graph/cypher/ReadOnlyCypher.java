package io.attnflow.graph.cypher;

import io.attnflow.graph.GraphConnection;
import io.attnflow.graph.GraphErrors;
import io.attnflow.graph.heads.HeadGraphService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.neo4j.driver.AccessMode;
import org.neo4j.driver.Record;
import org.neo4j.driver.Result;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.TransactionConfig;
import org.neo4j.driver.exceptions.ClientException;
import org.neo4j.driver.exceptions.Neo4jException;
import org.neo4j.driver.summary.ResultSummary;

/**
 * Runs an analyst's Cypher so that it can only read the graph. Four locks, each enough for writes on its own:
 * <ol>
 *   <li>the text is bounded (length, bracket nesting) and checked before anything is sent ({@link QueryTextRules}):
 *       one statement, no LOAD CSV, USE, IN TRANSACTIONS, admin or schema command, and only allowlisted procedures
 *       and namespaced functions ({@link ReadOnlyAllowlist});
 *   <li>the query is EXPLAINed and refused unless the planner calls it {@code READ_ONLY} and its plan holds no
 *       LoadCSV, admin or non-allowlisted procedure operator ({@link PlanInspector});
 *   <li>it runs in a READ transaction (which the server enforces), with a timeout and a row limit;
 *   <li>its answer is bounded in size ({@link ResultBudget}).
 * </ol>
 * A query sent with {@code EXPLAIN} or {@code PROFILE} gets the same checks on the query after the prefix, and the
 * plan in {@link CypherResult#plan()}. A query that names the head graph's GDS projection ({@link
 * HeadGraphService#PROJECTION}) finds it projected, also after a restart, when the store holds a head graph.
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
     * @throws CypherQueryException when the query is refused, too large, invalid, or fails or times out; its
     *     {@link CypherQueryException#kind()} says which
     * @throws io.attnflow.graph.GraphUnavailableException when Neo4j cannot be reached
     */
    public CypherResult run(String query, Map<String, Object> params) {
        if (query == null || query.isBlank()) {
            throw CypherQueryException.badQuery(
                    "the query is empty: give a Cypher query such as MATCH (m:Model) RETURN m");
        }
        AnalystQuery q = AnalystQuery.parse(query);
        Map<String, Object> p = params == null ? Map.of() : params;
        SessionConfig.Builder builder = SessionConfig.builder().withDefaultAccessMode(AccessMode.READ);
        if (connection.database() != null) builder.withDatabase(connection.database());
        TransactionConfig tx = TransactionConfig.builder().withTimeout(timeout).build();
        try (Session session = connection.driver().session(builder.build())) {
            Explained explained = session.executeRead(
                    t -> {
                        Result r = t.run("EXPLAIN " + q.inner(), p);
                        List<String> keys = r.keys();
                        return new Explained(keys, r.consume());
                    },
                    tx);
            PlanInspector.check(explained.summary());
            // GDS projections live in memory: after a restart a query over the head graph's would find none
            if (q.mode() != AnalystQuery.Mode.EXPLAIN && q.inner().contains(HeadGraphService.PROJECTION)) {
                new HeadGraphService(connection).ensureProjection();
            }
            return switch (q.mode()) {
                case EXPLAIN -> new CypherResult(
                        explained.columns(), List.of(), List.of(), List.of(), false, plan(explained.summary()));
                case PROFILE, RUN -> runGuarded(session, q, explained.columns(), p, tx);
            };
        } catch (CypherQueryException e) {
            throw e;
        } catch (Neo4jException e) {
            if (GraphErrors.isUnavailable(e)) throw GraphErrors.translate("the query", timeout, e);
            throw translate(e);
        }
    }

    public CypherResult run(String query) {
        return run(query, Map.of());
    }

    /** Runs the query inside {@link AnswerGuard}'s wrapper, or as it is when the wrapper does not fit its shape. */
    private CypherResult runGuarded(
            Session session, AnalystQuery q, List<String> columns, Map<String, Object> p, TransactionConfig tx) {
        boolean profiled = q.mode() == AnalystQuery.Mode.PROFILE;
        String prefix = profiled ? "PROFILE " : "";
        Optional<String> guarded = AnswerGuard.wrap(q.inner(), q.text(), columns);
        if (guarded.isPresent()) {
            try {
                return session.executeRead(t -> collect(t.run(prefix + guarded.get(), p), profiled), tx);
            } catch (ClientException e) {
                if (AnswerGuard.refusedSize(e.getMessage()).isPresent()) throw translate(e);
                if (e.code() == null || !e.code().contains("Statement.")) throw e;
                // the wrapper did not fit this query (the query itself planned fine): run it as it is
            }
        }
        return session.executeRead(t -> collect(t.run(prefix + q.inner(), p), profiled), tx);
    }

    private record Explained(List<String> columns, ResultSummary summary) {}

    private CypherResult collect(Result result, boolean profiled) {
        List<String> columns = result.keys();
        Map<String, Object> nodes = new LinkedHashMap<>();
        Map<String, Object> rels = new LinkedHashMap<>();
        List<List<Object>> rows = new ArrayList<>();
        ResultBudget budget = new ResultBudget();
        boolean truncated = false;
        while (result.hasNext()) {
            if (rows.size() == rowLimit) {
                truncated = true;
                break;
            }
            Record r = result.next();
            List<Object> row = new ArrayList<>(columns.size());
            for (int i = 0; i < columns.size(); i++) {
                budget.charge(r.get(i), columns.get(i));
                row.add(GraphValues.plain(r.get(i), nodes, rels));
            }
            rows.add(row);
        }
        ResultSummary summary = result.consume();
        Map<String, Object> plan = profiled && summary.hasProfile() ? PlanInspector.toMap(summary.profile()) : null;
        return new CypherResult(columns, rows, cast(nodes), cast(rels), truncated, plan);
    }

    private static Map<String, Object> plan(ResultSummary summary) {
        return summary.hasPlan() ? PlanInspector.toMap(summary.plan()) : Map.of();
    }

    private CypherQueryException translate(Neo4jException e) {
        String code = e.code() == null ? "" : e.code();
        if (code.contains("AccessMode") || code.contains("Forbidden") || code.contains("WriteOnReadOnly")) {
            return new CypherQueryException(
                    "refused: this query would change the graph (" + firstLine(e.getMessage())
                            + "). Queries here are read-only",
                    CypherQueryException.Kind.WRITE_REFUSED,
                    e);
        }
        Optional<String> refusedSize = AnswerGuard.refusedSize(e.getMessage());
        if (refusedSize.isPresent()) {
            return new CypherQueryException(
                    "refused: the answer holds a value of " + refusedSize.get() + " elements; at most "
                            + AnswerGuard.MAX_VALUE_SIZE + " are returned in one value. Return less, e.g. size(list)"
                            + " or a slice list[0..100]",
                    CypherQueryException.Kind.TOO_LARGE,
                    e);
        }
        if (code.contains("TransactionTimedOut") || code.contains("Terminated")) {
            return new CypherQueryException(
                    "the query ran longer than " + timeout.toSeconds()
                            + " s and was stopped: narrow it (a model, a sentence, LIMIT)",
                    CypherQueryException.Kind.TIMED_OUT,
                    e);
        }
        if (code.contains("MemoryPoolOutOfMemory") || code.contains("OutOfMemory")) {
            return new CypherQueryException(
                    "refused: the query needs more memory than one query may use here (" + firstLine(e.getMessage())
                            + "); narrow it or return less",
                    CypherQueryException.Kind.TOO_LARGE,
                    e);
        }
        String message = String.valueOf(e.getMessage());
        if (message.contains("GraphNotFoundException") && message.contains(HeadGraphService.PROJECTION)) {
            return new CypherQueryException(
                    "this store has no head graph: build one with `attnflow heads build --model M [--model M2]` (or"
                            + " POST /api/heads/graph), then run the query again",
                    CypherQueryException.Kind.BAD_QUERY,
                    e);
        }
        return new CypherQueryException(
                "the query failed: " + firstLine(e.getMessage()), CypherQueryException.Kind.BAD_QUERY, e);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> cast(Map<String, Object> m) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o : m.values()) out.add((Map<String, Object>) o);
        return out;
    }

    private static String firstLine(String s) {
        if (s == null) return "unknown error";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
