package io.attnflow.graph.query;

import io.attnflow.core.compare.CompareResult;
import io.attnflow.core.compare.CorpusComparison;
import io.attnflow.core.compare.EdgeDiff;
import io.attnflow.core.heads.CorpusHeadImportance;
import io.attnflow.core.heads.HeadsReport;
import io.attnflow.core.trace.StoredAttention;
import io.attnflow.core.trace.TraceRequest;
import io.attnflow.core.trace.TraceResult;
import io.attnflow.graph.GraphConnection;
import io.attnflow.graph.cypher.ReadOnlyCypher;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The attention queries (tasks T1–T3) over the graph, the one entry point the API and the CLI need. The work is done
 * by one class per task: {@link TraceQueries} (T1), {@link HeadQueries} (T2), {@link CompareQueries} (T3) and
 * {@link NamedQueries} (catalogue queries by name); every query is a file of {@code cypher/queries} run verbatim
 * with Cypher parameters.
 *
 * <p>Errors are the project's own: {@link io.attnflow.core.query.InvalidQueryException} (400) for bad parameters,
 * {@link io.attnflow.core.query.UnknownModelException} and {@link io.attnflow.core.query.UnknownSentenceException}
 * (404), {@link io.attnflow.core.query.UnknownQueryException} (404) for an unknown analyst query, {@link
 * io.attnflow.core.query.QueryLimitException} (400) for a query past its time or size bound, {@link
 * io.attnflow.graph.GraphUnavailableException} (503) when Neo4j cannot be reached. Thread-safe: the driver pools
 * sessions.
 */
public final class AttentionQueries {
    private final TraceQueries traces;
    private final HeadQueries heads;
    private final CompareQueries compare;
    private final NamedQueries named;
    private final QueryCatalogue catalogue;
    private final GraphConnection connection;
    private final Duration timeout;
    private final org.neo4j.graphdb.GraphDatabaseService local;

    /** The queries of {@code cypher/queries} over a connection (the caller owns and closes it). */
    public AttentionQueries(GraphConnection connection) {
        this(connection, QueryCatalogue.load());
    }

    public AttentionQueries(GraphConnection connection, QueryCatalogue catalogue) {
        this(
                connection,
                catalogue,
                QueryRunner.DEFAULT_TIMEOUT,
                connection.localDatabase().orElse(null));
    }

    /** @param local the database when this JVM holds it (traces and compares read through the Java API), else null */
    private AttentionQueries(
            GraphConnection connection,
            QueryCatalogue catalogue,
            Duration timeout,
            org.neo4j.graphdb.GraphDatabaseService local) {
        QueryRunner runner = new QueryRunner(connection, catalogue, timeout);
        this.catalogue = catalogue;
        this.connection = connection;
        this.timeout = timeout;
        this.local = local;
        this.traces = new TraceQueries(runner, new io.attnflow.graph.read.GraphReader(connection), local);
        this.heads = new HeadQueries(runner, traces);
        this.compare = new CompareQueries(runner, traces);
        this.named =
                new NamedQueries(runner, new ReadOnlyCypher(connection, timeout, ReadOnlyCypher.DEFAULT_ROW_LIMIT));
    }

    /** The time budget of each query (the default: 60 s); past it Neo4j stops the query's transaction. */
    public Duration timeout() {
        return timeout;
    }

    /**
     * The same queries with another time budget per query: Neo4j terminates a transaction that runs longer (the
     * driver's transaction timeout), and the call throws a {@link io.attnflow.core.query.QueryLimitException} naming
     * the bound. For requests whose answer is useless after a while, such as the web UI's traces fetched ahead,
     * which would otherwise keep the store busy after the browser gave up on them (docs/DESIGN.md, "Traces fetched
     * ahead have a time budget").
     */
    public AttentionQueries withTimeout(Duration timeout) {
        return timeout.equals(this.timeout) ? this : new AttentionQueries(connection, catalogue, timeout, local);
    }

    /** The queries over a connection's driver and database (for modules that must not see the driver). */
    public static AttentionQueries of(GraphConnection connection) {
        return new AttentionQueries(connection);
    }

    /**
     * The queries as a client in another process runs them: every read over Bolt, even when this JVM holds the store
     * (which {@link #of} reads through Neo4j's Java API). For benchmarks and tests of that path.
     */
    public static AttentionQueries overBolt(GraphConnection connection) {
        return new AttentionQueries(connection, QueryCatalogue.load(), QueryRunner.DEFAULT_TIMEOUT, null);
    }

    public QueryCatalogue catalogue() {
        return catalogue;
    }

    /** @see TraceQueries#runInfo(String, String) */
    public RunInfo runInfo(String model, String sid) {
        return traces.runInfo(model, sid);
    }

    /** T1/T2: a backward or forward trace with node values, token influence, head importance and rollout. */
    public TraceResult trace(TraceRequest request) {
        return traces.trace(request);
    }

    /** @see TraceQueries#scaledTrace(TraceRequest) */
    public TraceQueries.ScaledTrace scaledTrace(TraceRequest request) {
        return traces.scaledTrace(request);
    }

    /** The stored matrices of one model on one sentence. */
    public StoredAttention storedAttention(RunInfo info) {
        return traces.storedAttention(info);
    }

    /** T2: every head on one sentence, with its importance in the backward [CLS] trace at τ and its behaviour. */
    public HeadsReport heads(String model, String sid, double tau) {
        return heads.heads(model, sid, tau);
    }

    /** T2: head importance over a corpus (all the model's sentences when {@code corpus} is null). */
    public CorpusHeadImportance headImportance(String model, double tau, String corpus) {
        return heads.headImportance(model, tau, corpus);
    }

    /** T3: two models on one sentence, head by head, with per-layer summaries. */
    public CompareResult compare(String modelA, String modelB, String sid, double tau) {
        return compare.compare(modelA, modelB, sid, tau);
    }

    /** T3: the shared, only-A and only-B per-head edges above τ, optionally of one layer and/or head. */
    public List<EdgeDiff> compareEdges(
            String modelA, String modelB, String sid, double tau, Integer layer, Integer head) {
        return compare.compareEdges(modelA, modelB, sid, tau, layer, head);
    }

    /** T3 over a corpus: the heads that changed most and the sentences where the models differ most. */
    public CorpusComparison compareCorpus(String modelA, String modelB, double tau, String corpus) {
        return compare.compareCorpus(modelA, modelB, tau, corpus);
    }

    /** @see NamedQueries#run(String, Map) */
    public QueryRows run(String name, Map<String, Object> parameters) {
        return named.run(name, parameters);
    }

    /** The analyst queries: catalogue files named {@code analyst_*}. */
    public List<QueryCatalogue.Query> analystQueries() {
        return named.analystQueries();
    }
}
