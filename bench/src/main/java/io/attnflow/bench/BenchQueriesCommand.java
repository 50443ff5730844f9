package io.attnflow.bench;

import io.attnflow.core.metrics.Rollout;
import io.attnflow.core.metrics.SentenceMetrics;
import io.attnflow.core.model.ForwardResult;
import io.attnflow.core.model.SentenceInput;
import io.attnflow.core.model.StoredWeights;
import io.attnflow.core.model.TokenInfo;
import io.attnflow.core.trace.MatrixTrace;
import io.attnflow.core.trace.StoredAttention;
import io.attnflow.core.trace.TraceRequest;
import io.attnflow.graph.GraphConnection;
import io.attnflow.graph.GraphSettings;
import io.attnflow.graph.bench.SyntheticCorpus;
import io.attnflow.graph.query.AttentionQueries;
import io.attnflow.graph.write.GraphWriter;
import io.attnflow.ingest.AttentionModel;
import io.attnflow.ingest.LoadOptions;
import io.attnflow.ingest.ModelCatalog;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code attnflow-bench bench-queries}: p50/p95 of the backward [CLS] trace (AttentionQueries.trace: run_info.cypher,
 * the sentence's relationships that can pass τ, core's MatrixTrace) at n≈32 and n≈128, τ 0.05 and 0.1, and of compare
 * (two real models on one sentence), first with 100 sentences in the store, then with 10,000; each also as a client
 * in another process runs it (every read over Bolt, rows {@code trace(bolt)}, {@code compare(bolt)}), and the
 * analysts' trace.cypher, timed in the same run. The
 * measured sentences are real: built from demo-corpus words and encoded by two bundled models. The other sentences
 * that fill the store to 100 and 10,000 are synthetic (n=8, 12×12 heads, random weights) and bulk-created 200 per
 * transaction in Cypher (a real model and one transaction per sentence would need over an hour for 10k here); they
 * grow the Token key index and the store that the queries seek in.
 */
@Command(
        name = "bench-queries",
        mixinStandardHelpOptions = true,
        description = "Benchmark trace and compare queries at 100 and 10,000 stored sentences; prints p50/p95.")
final class BenchQueriesCommand implements Callable<Integer> {
    @Option(names = "--model", defaultValue = "bge-small-en-v1.5")
    String modelA;

    @Option(names = "--model-b", defaultValue = "bge-small-en")
    String modelB;

    @Option(names = "--lengths", defaultValue = "32,128", split = ",")
    int[] lengths;

    @Option(names = "--sentences", defaultValue = "5", description = "measured sentences per length")
    int sentences;

    @Option(names = "--runs", defaultValue = "10", description = "timed runs per sentence and setting")
    int runs;

    @Option(names = "--corpora", defaultValue = "100,10000", split = ",", description = "store sizes in sentences")
    int[] corpora;

    @Option(names = "--corpus", defaultValue = "demo/corpus.tsv", description = "where the words come from")
    Path corpus;

    @Option(names = "--store", description = "store directory (default: a new temporary directory)")
    Path store;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        BenchWords words = BenchWords.of(corpus);
        Path dir = store != null ? store : Files.createTempDirectory("attnflow-bench-queries");
        out.printf(
                Locale.ROOT,
                "store %s, %d cores, %d measured sentences per length, %d runs each%n",
                dir,
                Runtime.getRuntime().availableProcessors(),
                sentences,
                runs);
        out.flush();
        try (GraphConnection connection = GraphConnection.open(new GraphSettings(dir, 0, null, null, null, null))) {
            List<List<String>> sids = new ArrayList<>();
            ModelCatalog catalog = ModelCatalog.standard();
            List<SentenceInput> inputs = new ArrayList<>();
            java.util.Map<String, ForwardResult> referenceA = new java.util.HashMap<>();
            for (String id : List.of(modelA, modelB)) {
                try (AttentionModel m = catalog.open(id, LoadOptions.defaults())) {
                    GraphWriter writer = new GraphWriter(connection, StoredWeights.DEFAULT_FLOOR);
                    writer.ensureModel(m.info());
                    if (inputs.isEmpty()) {
                        for (int target : lengths) {
                            List<String> ids = new ArrayList<>();
                            for (int k = 0; k < sentences; k++) {
                                SentenceInput s = sentence(m, words, target, 17 * k + target);
                                inputs.add(s);
                                ids.add(s.id());
                            }
                            sids.add(ids);
                        }
                    }
                    for (SentenceInput s : inputs) {
                        ForwardResult r = m.encode(s);
                        if (id.equals(modelA)) referenceA.put(s.id(), r);
                        writer.write(SentenceMetrics.of(r));
                    }
                }
            }
            AttentionQueries queries = AttentionQueries.of(connection);
            // the same queries as a client in another process runs them (every read over Bolt), timed beside
            AttentionQueries bolt = AttentionQueries.overBolt(connection);
            // a kept store (--store) may already hold real sentences: they count towards the store sizes
            int stored = Math.max(inputs.size(), SyntheticCorpus.storedSentences(connection));
            double[][] p50 = new double[corpora.length][];
            for (int c = 0; c < corpora.length; c++) {
                long t0 = System.nanoTime();
                stored = Math.max(stored, SyntheticCorpus.fill(connection, stored, corpora[c]));
                out.printf(
                        Locale.ROOT,
                        "%n== %d sentences in the store (filled in %.0f s)%n",
                        stored,
                        (System.nanoTime() - t0) / 1e9);
                out.println(
                        "query         n(tokens)  tau   p50 ms  p95 ms  edges  in-memory p50 ms  ratio API/in-memory");
                List<Double> medians = new ArrayList<>();
                for (int li = 0; li < lengths.length; li++) {
                    for (double tau : new double[] {0.05, 0.1}) {
                        List<String> ids = sids.get(li);
                        int[] edges = {0};
                        int n = queries.runInfo(modelA, ids.get(0)).n();
                        double[] t = time(
                                ids,
                                sid -> () -> edges[0] = queries.trace(TraceRequest.fromCls(modelA, sid)
                                                .withTau(tau))
                                        .edges()
                                        .size());
                        double[] tb = time(
                                ids,
                                sid -> () -> bolt.trace(TraceRequest.fromCls(modelA, sid)
                                                .withTau(tau))
                                        .edges()
                                        .size());
                        // the analysts' trace.cypher through the read-only runner (nodes and edges only)
                        double[] tc = time(
                                ids,
                                sid -> () -> queries.run("trace", traceParams(modelA, sid, tau))
                                        .rows()
                                        .size());
                        // the reference: the same trace over the same sentence's stored weights held in memory
                        // (prepared before the timing: the stored weights, token texts and rollout)
                        java.util.Map<String, Supplier<Object>> reference = new java.util.HashMap<>();
                        for (String sid : ids) {
                            ForwardResult r = referenceA.get(sid);
                            StoredAttention weights = StoredAttention.of(r.attention(), StoredWeights.DEFAULT_FLOOR);
                            List<String> texts =
                                    r.tokens().stream().map(TokenInfo::text).toList();
                            double[] rollout = Rollout.of(r.attention()).clsRow();
                            TraceRequest req = TraceRequest.fromCls(modelA, sid).withTau(tau);
                            reference.put(sid, () -> MatrixTrace.trace(weights, texts, req, rollout));
                        }
                        double[] ref = time(ids, reference::get);
                        for (Object[] row : new Object[][] {{"trace", t}, {"trace(bolt)", tb}, {"trace.cypher", tc}}) {
                            double[] x = (double[]) row[1];
                            out.printf(
                                    Locale.ROOT,
                                    "%-13s %9d  %.2f  %6.1f  %6.1f  %d  %6.1f  %.2f%n",
                                    row[0],
                                    n,
                                    tau,
                                    x[0],
                                    x[1],
                                    edges[0],
                                    ref[0],
                                    x[0] / ref[0]);
                        }
                        medians.add(t[0]);
                    }
                    List<String> ids = sids.get(li);
                    int n = queries.runInfo(modelA, ids.get(0)).n();
                    double[] t = time(
                            ids,
                            sid -> () -> queries.compare(modelA, modelB, sid, 0.1)
                                    .heads()
                                    .size());
                    double[] tb = time(
                            ids,
                            sid -> () -> bolt.compare(modelA, modelB, sid, 0.1)
                                    .heads()
                                    .size());
                    out.printf(Locale.ROOT, "compare       %9d  0.10  %6.1f  %6.1f  -%n", n, t[0], t[1]);
                    out.printf(Locale.ROOT, "compare(bolt) %9d  0.10  %6.1f  %6.1f  -%n", n, tb[0], tb[1]);
                    medians.add(t[0]);
                }
                p50[c] = medians.stream().mapToDouble(Double::doubleValue).toArray();
                out.flush();
            }
            if (corpora.length > 1) {
                out.printf(
                        Locale.ROOT,
                        "%np50 ratio %d / %d sentences, per row above: ",
                        corpora[corpora.length - 1],
                        corpora[0]);
                for (int k = 0; k < p50[0].length; k++) {
                    out.printf(Locale.ROOT, "%.2f ", p50[corpora.length - 1][k] / p50[0][k]);
                }
                out.println();
            }
        }
        return 0;
    }

    private double[] time(List<String> ids, java.util.function.Function<String, Supplier<Object>> query) {
        for (String sid : ids) for (int w = 0; w < 3; w++) query.apply(sid).get();
        List<Double> ms = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            for (String sid : ids) {
                long t0 = System.nanoTime();
                query.apply(sid).get();
                ms.add((System.nanoTime() - t0) / 1e6);
            }
        }
        double[] a = ms.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new double[] {a[a.length / 2], a[(int) Math.min(a.length - 1, Math.ceil(a.length * 0.95) - 1)]};
    }

    /** trace.cypher's parameters for the backward [CLS] trace at τ, nodes and edges only. */
    private static java.util.Map<String, Object> traceParams(String model, String sid, double tau) {
        java.util.Map<String, Object> p = new java.util.HashMap<>();
        p.put("model", model);
        p.put("sid", sid);
        p.put("tau", tau);
        p.put("fromLayer", null);
        p.put("toLayer", null);
        p.put("tokens", List.of());
        p.put("heads", List.of());
        p.put("direction", "backward");
        p.put("alpha", 0.5);
        p.put("quantities", false);
        return p;
    }

    /** A run of corpus words whose encoding has about {@code target} tokens. */
    private static SentenceInput sentence(AttentionModel m, BenchWords words, int target, int seed) {
        int start = words.start(seed);
        int count = 1;
        while (count < 4 * target) {
            SentenceInput in = words.run(start, count);
            if (m.tokenize(in).size() >= target) return in;
            count++;
        }
        return words.run(start, count);
    }
}
