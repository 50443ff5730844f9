package io.attnflow.graph.query;

import io.attnflow.core.compare.CompareResult;
import io.attnflow.core.compare.CorpusComparison;
import io.attnflow.core.compare.EdgeDiff;
import io.attnflow.core.compare.EdgeSide;
import io.attnflow.core.compare.MatrixComparison;
import io.attnflow.core.query.InvalidQueryException;
import io.attnflow.core.query.QueryLimitException;
import io.attnflow.core.trace.AttentionStore;
import io.attnflow.core.trace.StoredAttention;
import io.attnflow.core.trace.TracePlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.neo4j.driver.Record;

/**
 * T3 over the graph: two models on one sentence head by head (from both stored matrices), their per-head edge
 * sets (compare_edges.cypher), and a corpus of common sentences (common_sentences.cypher).
 */
public final class CompareQueries {
    /** The most common sentences one corpus comparison reads; more is an error that says so. */
    public static final int MAX_CORPUS_SENTENCES = 1000;

    /**
     * Runs the second model's read of a comparison: a thread per comparison in flight (reused), so that concurrent
     * requests do not queue behind one another as they would on the common pool (one thread on two cores).
     */
    private static final ExecutorService SECOND_READS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "attnflow-compare-read");
        t.setDaemon(true);
        return t;
    });

    private final QueryRunner runner;
    private final TraceQueries traces;

    CompareQueries(QueryRunner runner, TraceQueries traces) {
        this.runner = runner;
        this.traces = traces;
    }

    /**
     * Two models on one sentence, head by head, with per-layer summaries, from both models' stored matrices. Each
     * model's read and the heads of its backward [CLS] trace run at once (model B's on a second thread), then core's
     * {@link MatrixComparison} compares the two.
     */
    public CompareResult compare(String modelA, String modelB, String sid, double tau) {
        CompletableFuture<Side> b = CompletableFuture.supplyAsync(() -> side(modelB, sid, tau), SECOND_READS);
        Side a = side(modelA, sid, tau);
        Side sb;
        try {
            sb = b.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) throw cause;
            throw e;
        }
        StoredAttention x = a.run().attention(), y = sb.run().attention();
        // the reference's errors first (model A's range before B's, then the lengths), then a side's own
        MatrixComparison.checkComparable(
                modelA, x.floor(), a.run().tokens(), modelB, y.floor(), sb.run().tokens(), tau);
        return MatrixComparison.compare(modelA, x, a.heads(), modelB, y, sb.heads(), sid, tau);
    }

    /** One model's stored run and the heads of its backward [CLS] trace at τ. */
    private record Side(AttentionStore.StoredRun run, boolean[][] traceHeads, InvalidQueryException error) {
        /** The trace's heads, or the error their trace gave (reported after the comparison's own checks). */
        boolean[][] heads() {
            if (error != null) throw error;
            return traceHeads;
        }
    }

    private Side side(String model, String sid, double tau) {
        AttentionStore.StoredRun run = traces.run(model, sid);
        try {
            return new Side(run, MatrixComparison.traceHeads(run.attention(), model, sid, tau), null);
        } catch (InvalidQueryException e) {
            return new Side(run, null, e);
        }
    }

    /** The shared, only-A and only-B per-head edges above τ, optionally of one layer and/or head. */
    public List<EdgeDiff> compareEdges(
            String modelA, String modelB, String sid, double tau, Integer layer, Integer head) {
        RunInfo a = traces.runInfo(modelA, sid), b = traces.runInfo(modelB, sid);
        checkPair(a, b, tau);
        int layers = Math.min(a.layers(), b.layers()), heads = Math.min(a.heads(), b.heads());
        if (layer != null && (layer < 1 || layer > layers)) {
            throw new InvalidQueryException(
                    "layer " + layer + " is out of range: the models have attention layers 1.." + layers);
        }
        if (head != null && (head < 0 || head >= heads)) {
            throw new InvalidQueryException(
                    "head " + head + " is out of range: the models have heads 0.." + (heads - 1) + " per layer");
        }
        Map<String, Object> params = QueryRunner.params(
                "modelA", modelA, "modelB", modelB, "sid", sid, "tau", tau, "layer", layer, "head", head);
        List<EdgeDiff> out = new ArrayList<>();
        for (Record r : runner.read("compare_edges", params)) {
            String side = r.get("side").asString();
            out.add(new EdgeDiff(
                    r.get("layer").asInt(),
                    r.get("head").asInt(),
                    r.get("fromPos").asInt(),
                    r.get("toPos").asInt(),
                    r.get("wA").asDouble(),
                    r.get("wB").asDouble(),
                    side.equals("shared")
                            ? EdgeSide.SHARED
                            : side.equals("onlyA") ? EdgeSide.ONLY_A : EdgeSide.ONLY_B));
        }
        return out;
    }

    /**
     * Over a corpus: the heads that changed most and the sentences where the models differ most.
     *
     * @throws QueryLimitException when the models share more than {@link #MAX_CORPUS_SENTENCES} sentences
     */
    public CorpusComparison compareCorpus(String modelA, String modelB, double tau, String corpus) {
        TracePlan.checkTau(tau, runner.modelShape(modelA).floor(), modelA);
        TracePlan.checkTau(tau, runner.modelShape(modelB).floor(), modelB);
        Map<String, Object> params = QueryRunner.params(
                "modelA", modelA, "modelB", modelB, "corpus", corpus, "limit", MAX_CORPUS_SENTENCES + 1);
        Map<String, String[]> texts = new LinkedHashMap<>();
        for (Record r : runner.read("common_sentences", params)) {
            texts.put(r.get("sid").asString(), new String[] {
                r.get("text").isNull() ? null : r.get("text").asString(),
                r.get("textB").isNull() ? null : r.get("textB").asString()
            });
        }
        if (texts.size() > MAX_CORPUS_SENTENCES) {
            throw new QueryLimitException("models '" + modelA + "' and '" + modelB + "' share more than "
                    + MAX_CORPUS_SENTENCES + " sentences" + (corpus == null ? "" : " in corpus '" + corpus + "'")
                    + ", the most one comparison reads: compare one corpus at a time");
        }
        List<CompareResult> results = new ArrayList<>();
        for (String sid : texts.keySet()) results.add(compare(modelA, modelB, sid, tau));
        return CorpusComparison.of(modelA, modelB, tau, results, texts);
    }

    private static void checkPair(RunInfo a, RunInfo b, double tau) {
        MatrixComparison.checkComparable(a.model(), a.floor(), a.tokens(), b.model(), b.floor(), b.tokens(), tau);
    }
}
