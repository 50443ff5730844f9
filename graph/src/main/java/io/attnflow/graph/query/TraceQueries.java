package io.attnflow.graph.query;

import io.attnflow.core.model.StoredWeights;
import io.attnflow.core.query.UnknownModelException;
import io.attnflow.core.query.UnknownSentenceException;
import io.attnflow.core.trace.AttentionStore;
import io.attnflow.core.trace.MatrixTrace;
import io.attnflow.core.trace.StoredAttention;
import io.attnflow.core.trace.TraceAssembler;
import io.attnflow.core.trace.TracePlan;
import io.attnflow.core.trace.TraceRequest;
import io.attnflow.core.trace.TraceResult;
import io.attnflow.graph.read.FrontierMatrices;
import io.attnflow.graph.read.GraphReader;
import io.attnflow.graph.read.StoredMatrices;
import io.attnflow.graph.read.StoredRunInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.neo4j.driver.Record;
import org.neo4j.driver.Value;
import org.neo4j.graphdb.GraphDatabaseService;

/**
 * T1 over the graph: what a sentence's run stores (run_info.cypher, or {@link StoredRunInfo}), its traces (up to {@link #DENSE_MAX_TOKENS}
 * tokens core's {@link MatrixTrace} on the stored relationships that can pass τ, above it trace.cypher's edges; node
 * values, influence and head importance by {@link TraceAssembler}: the one implementation, which the analysts'
 * trace.cypher is tested equal to), and its stored matrices ({@link StoredMatrices}).
 */
public final class TraceQueries implements AttentionStore {
    private final QueryRunner runner;
    private final GraphReader reader;
    private final GraphDatabaseService local;
    private final int denseMaxTokens;

    /**
     * When this JVM holds the store, sentences up to this many tokens are traced by core's {@link MatrixTrace} on their
     * stored relationships that can pass τ, read through Neo4j's Java API frontier by frontier ({@link
     * FrontierMatrices}); longer ones by trace.cypher's pruning search. MatrixTrace works on dense matrices, L·H·n²
     * integers (151 MB for 12 × 12 heads at n = 512): measured in BENCHMARKS.md (issue 12, the real 10k store, and
     * issue 11, the UI's 512-token first render; the bound was placed before the frontier read, docs/DESIGN.md,
     * "Traces").
     */
    static final int DENSE_MAX_TOKENS = 160;

    /**
     * @param local the database when this JVM holds it (read through the Java API), else null (Bolt): over Bolt every
     *     trace takes trace.cypher's search, since the dense read's rows cost as much to send as the search to run
     *     (BENCHMARKS.md, issue 11, "Quiet-machine re-run, session 5")
     */
    TraceQueries(QueryRunner runner, GraphReader reader, GraphDatabaseService local) {
        this(runner, reader, local, local != null ? DENSE_MAX_TOKENS : 0);
    }

    /** @param denseMaxTokens the longest sentence traced on dense matrices ({@link #DENSE_MAX_TOKENS}), for tests */
    TraceQueries(QueryRunner runner, GraphReader reader, GraphDatabaseService local, int denseMaxTokens) {
        this.runner = runner;
        this.reader = reader;
        this.local = local;
        this.denseMaxTokens = denseMaxTokens;
    }

    /**
     * Looks up a model and sentence: run_info.cypher, or the same read through Neo4j's Java API when this JVM holds the
     * store ({@link StoredRunInfo}; tested equal).
     *
     * @throws UnknownModelException    when the model is not in the graph
     * @throws UnknownSentenceException when the sentence was not ingested for it
     */
    public RunInfo runInfo(String model, String sid) {
        StoredRunInfo s = local != null
                ? StoredRunInfo.read(local, model, sid, runner.timeout())
                        .orElseThrow(() -> new UnknownModelException(model))
                : cypherRunInfo(model, sid);
        if (s.n() == null) throw new UnknownSentenceException(model, sid);
        double[] roll = s.rollout().stream().mapToDouble(Double::doubleValue).toArray();
        double[] attentionFlow = s.attentionFlow().size() == roll.length && roll.length > 0
                ? s.attentionFlow().stream().mapToDouble(Double::doubleValue).toArray()
                : null; // collect skips the absent property
        return new RunInfo(
                model,
                sid,
                s.floor(),
                s.scale(),
                s.layers(),
                s.heads(),
                s.n(),
                s.tokens(),
                roll,
                attentionFlow,
                s.text(),
                s.textB(),
                s.classifier());
    }

    /** run_info.cypher's row, over Bolt. */
    private StoredRunInfo cypherRunInfo(String model, String sid) {
        List<Record> rows = runner.read("run_info", Map.of("model", model, "sid", sid));
        if (rows.isEmpty()) throw new UnknownModelException(model);
        Record r = rows.get(0);
        boolean run = !r.get("n").isNull();
        return new StoredRunInfo(
                r.get("floor").asDouble(),
                r.get("scale").asInt(StoredWeights.LEGACY_SCALE),
                run ? r.get("n").asInt() : null,
                run ? r.get("runLayers").asInt() : 0,
                run ? r.get("runHeads").asInt() : 0,
                r.get("tokens").asList(Value::asString),
                r.get("rollout").asList(v -> v.isNull() ? 0 : v.asDouble()),
                r.get("attentionFlow").asList(Value::asDouble),
                r.get("text").isNull() ? null : r.get("text").asString(),
                r.get("textB").isNull() ? null : r.get("textB").asString(),
                r.get("classifier").asBoolean(false));
    }

    /** The stored run of a model on a sentence: its tokens and matrices (run_info and stored_attention.cypher). */
    @Override
    public StoredRun run(String model, String sid) {
        RunInfo info = runInfo(model, sid);
        return new StoredRun(model, sid, info.tokens(), storedAttention(info));
    }

    /**
     * A backward or forward trace with node values, token influence, head importance and rollout, and the model's
     * stored prediction on the sentence when it has a classifier head.
     */
    public TraceResult trace(TraceRequest request) {
        return scaledTrace(request).trace();
    }

    /**
     * A trace with the weight scale of its model's store: each edge's {@code w} is {@code q / scale} for the stored
     * integer q ({@link StoredWeights}), which lets a compact encoding send q instead of w without losing a bit.
     */
    public record ScaledTrace(TraceResult trace, int scale) {}

    /**
     * {@link #trace(TraceRequest)} with its store's weight scale. Up to {@link #DENSE_MAX_TOKENS} tokens the edges are
     * core's {@link MatrixTrace} on the sentence's stored relationships that can pass τ (through the Java API only
     * the frontier's, {@link FrontierMatrices}; over Bolt {@link StoredMatrices}), above it trace.cypher's; the two are tested equal (docs/DESIGN.md, "Traces").
     */
    public ScaledTrace scaledTrace(TraceRequest request) {
        RunInfo info = runInfo(request.model(), request.sid());
        TracePlan plan = TracePlan.of(request, info.layers(), info.heads(), info.n(), info.floor());
        TraceResult trace = TraceAssembler.assemble(
                        plan,
                        info.tokens(),
                        info.heads(),
                        info.n() <= denseMaxTokens ? matrixEdges(info, plan) : searchedEdges(request, plan),
                        info.rollout(),
                        info.attentionFlow())
                .withPrediction(
                        info.classifier()
                                ? reader.prediction(request.model(), request.sid())
                                        .orElse(null)
                                : null);
        return new ScaledTrace(trace, info.scale());
    }

    /** The trace's edges by trace.cypher's pruning search ($quantities false: the numbers are TraceAssembler's). */
    private List<TraceResult.Edge> searchedEdges(TraceRequest request, TracePlan plan) {
        List<List<Integer>> heads = new ArrayList<>();
        for (int[] hs : plan.heads().asLayerList())
            heads.add(Arrays.stream(hs).boxed().toList());
        Map<String, Object> params = QueryRunner.params(
                "model", request.model(),
                "sid", request.sid(),
                "tau", plan.tau(),
                "fromLayer", plan.fromLayer(),
                "toLayer", plan.toLayer(),
                "tokens", plan.starts(),
                "heads", heads,
                "direction", plan.backward() ? "backward" : "forward",
                "alpha", plan.alpha(),
                "quantities", false);
        List<Record> rows = runner.read("trace", params);
        if (rows.isEmpty()) throw new UnknownSentenceException(request.model(), request.sid());
        return edges(rows.get(0));
    }

    /** Unpacks the columnar edge lists of trace.cypher into per-head edges. */
    static List<TraceResult.Edge> edges(Record r) {
        List<Integer> toLayer = r.get("toLayer").asList(Value::asInt);
        List<Integer> toPos = r.get("toPos").asList(Value::asInt);
        List<Integer> fromPos = r.get("fromPos").asList(Value::asInt);
        List<List<Integer>> head = r.get("head").asList(v -> v.asList(Value::asInt));
        List<List<Double>> w = r.get("w").asList(v -> v.asList(Value::asDouble));
        List<TraceResult.Edge> edges = new ArrayList<>();
        for (int k = 0; k < toLayer.size(); k++) {
            for (int x = 0; x < head.get(k).size(); x++) {
                edges.add(new TraceResult.Edge(
                        toLayer.get(k) - 1,
                        fromPos.get(k),
                        toLayer.get(k),
                        toPos.get(k),
                        head.get(k).get(x),
                        w.get(k).get(x)));
            }
        }
        return edges;
    }

    /**
     * Core's {@link MatrixTrace} on the stored relationships the trace reaches: through the Java API only those of each
     * layer's frontier ({@link FrontierMatrices}), else those of the trace's layers whose largest weight passes τ.
     */
    private List<TraceResult.Edge> matrixEdges(RunInfo info, TracePlan plan) {
        int[] layers = plan.edgeLayers();
        int lo = layers.length == 0 ? 1 : layers[0], hi = layers.length == 0 ? 0 : layers[layers.length - 1];
        if (local != null) {
            return FrontierMatrices.edges(local, request(info, plan.tau(), lo, hi), plan, runner.timeout());
        }
        return MatrixTrace.edges(storedAttention(info, plan.tau(), lo, hi), plan);
    }

    /** The stored matrices of one model on one sentence, every stored relationship ({@link StoredMatrices}). */
    public StoredAttention storedAttention(RunInfo info) {
        return storedAttention(info, null, 1, info.layers());
    }

    /**
     * The stored matrices of attention layers {@code fromLayer..toLayer}, with only the relationships whose largest
     * weight passes τ when {@code tau} is not null: through Neo4j's Java API when this JVM holds the store, else
     * stored_attention.cypher (the two are tested equal).
     */
    StoredAttention storedAttention(RunInfo info, Double tau, int fromLayer, int toLayer) {
        StoredMatrices.Request req = request(info, tau, fromLayer, toLayer);
        if (local != null) return StoredMatrices.local(local, req, runner.timeout());
        return StoredMatrices.ofRow(
                req, runner.read("stored_attention", StoredMatrices.params(req)).get(0));
    }

    private static StoredMatrices.Request request(RunInfo info, Double tau, int fromLayer, int toLayer) {
        return new StoredMatrices.Request(
                info.model(),
                info.sid(),
                info.layers(),
                info.heads(),
                info.n(),
                info.floor(),
                info.scale(),
                tau,
                fromLayer,
                toLayer);
    }
}
