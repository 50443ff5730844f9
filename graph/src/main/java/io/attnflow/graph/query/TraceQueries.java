package io.attnflow.graph.query;

import io.attnflow.core.model.StoredWeights;
import io.attnflow.core.query.UnknownModelException;
import io.attnflow.core.query.UnknownSentenceException;
import io.attnflow.core.trace.AttentionStore;
import io.attnflow.core.trace.StoredAttention;
import io.attnflow.core.trace.TraceAssembler;
import io.attnflow.core.trace.TracePlan;
import io.attnflow.core.trace.TraceRequest;
import io.attnflow.core.trace.TraceResult;
import io.attnflow.graph.read.GraphReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.neo4j.driver.Record;
import org.neo4j.driver.Value;

/**
 * T1 over the graph: what a sentence's run stores (run_info.cypher), its traces (trace.cypher's nodes and edges, with
 * node values, influence and head importance computed from the returned edges by {@link TraceAssembler}), and
 * its stored matrices (stored_attention.cypher).
 */
public final class TraceQueries implements AttentionStore {
    private final QueryRunner runner;
    private final GraphReader reader;

    TraceQueries(QueryRunner runner, GraphReader reader) {
        this.runner = runner;
        this.reader = reader;
    }

    /**
     * Looks up a model and sentence.
     *
     * @throws UnknownModelException    when the model is not in the graph
     * @throws UnknownSentenceException when the sentence was not ingested for it
     */
    public RunInfo runInfo(String model, String sid) {
        List<Record> rows = runner.read("run_info", Map.of("model", model, "sid", sid));
        if (rows.isEmpty()) throw new UnknownModelException(model);
        Record r = rows.get(0);
        if (r.get("n").isNull()) throw new UnknownSentenceException(model, sid);
        List<Object> rollout = r.get("rollout").asList();
        double[] roll = new double[rollout.size()];
        for (int k = 0; k < roll.length; k++)
            roll[k] = rollout.get(k) == null ? 0 : ((Number) rollout.get(k)).doubleValue();
        List<Object> flow = r.get("attentionFlow").asList();
        double[] attentionFlow = null;
        if (flow.size() == roll.length && !flow.isEmpty()) { // collect skips the absent property
            attentionFlow = new double[flow.size()];
            for (int k = 0; k < attentionFlow.length; k++) attentionFlow[k] = ((Number) flow.get(k)).doubleValue();
        }
        return new RunInfo(
                model,
                sid,
                r.get("floor").asDouble(),
                r.get("scale").asInt(StoredWeights.LEGACY_SCALE),
                r.get("runLayers").asInt(),
                r.get("runHeads").asInt(),
                r.get("n").asInt(),
                r.get("tokens").asList(Value::asString),
                roll,
                attentionFlow,
                r.get("text").isNull() ? null : r.get("text").asString(),
                r.get("textB").isNull() ? null : r.get("textB").asString());
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

    /** {@link #trace(TraceRequest)} with its store's weight scale. */
    public ScaledTrace scaledTrace(TraceRequest request) {
        RunInfo info = runInfo(request.model(), request.sid());
        TracePlan plan = TracePlan.of(request, info.layers(), info.heads(), info.n(), info.floor());
        TraceResult trace = TraceAssembler.assemble(
                        plan,
                        info.tokens(),
                        info.heads(),
                        traceEdges(request, plan),
                        info.rollout(),
                        info.attentionFlow())
                .withPrediction(
                        reader.prediction(request.model(), request.sid()).orElse(null));
        return new ScaledTrace(trace, info.scale());
    }

    private List<TraceResult.Edge> traceEdges(TraceRequest request, TracePlan plan) {
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

    /** The stored matrices of one model on one sentence (stored_attention.cypher), decoded into q[l][h][i][j]. */
    public StoredAttention storedAttention(RunInfo info) {
        Record r = runner.read("stored_attention", Map.of("model", info.model(), "sid", info.sid()))
                .get(0);
        int n = info.n(), heads = info.heads();
        int[] q = new int[info.layers() * heads * n * n];
        List<Integer> layer = r.get("layer").asList(Value::asInt);
        List<Integer> is = r.get("i").asList(Value::asInt);
        List<Integer> js = r.get("j").asList(Value::asInt);
        List<Value> qs = r.get("q").asList(Function.identity());
        for (int k = 0; k < layer.size(); k++) {
            List<Integer> v = qs.get(k).asList(Value::asInt);
            for (int h = 0; h < heads; h++) {
                q[((((layer.get(k) - 1) * heads + h) * n + is.get(k)) * n) + js.get(k)] = v.get(h);
            }
        }
        return StoredAttention.ofStored(info.layers(), heads, n, info.floor(), info.scale(), q);
    }
}
