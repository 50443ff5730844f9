package io.attnflow.bench;

import io.attnflow.core.metrics.SentenceMetrics;
import io.attnflow.core.model.ForwardResult;
import io.attnflow.core.model.SentenceInput;
import io.attnflow.core.model.StoredWeights;
import io.attnflow.graph.EmbeddedNeo4j;
import io.attnflow.graph.GraphConnection;
import io.attnflow.graph.GraphSettings;
import io.attnflow.graph.write.GraphWriter;
import io.attnflow.graph.write.WriteStats;
import io.attnflow.ingest.AttentionModel;
import io.attnflow.ingest.LoadOptions;
import io.attnflow.ingest.ModelCatalog;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code attnflow-bench bench-ingest}: ingest speed and store size on real attention. For each target length it
 * builds sentences of about that many tokens from the demo corpus's words, runs the model, writes each result into
 * a fresh embedded store, and prints medians and same-run ratios. Store bytes are the store files (without
 * transaction logs) after a clean shutdown, minus those of the same store before the sentences. See BENCHMARKS.md.
 */
@Command(
        name = "bench-ingest",
        mixinStandardHelpOptions = true,
        description = "Benchmark ingest (forward pass + graph write) on real attention; prints medians.")
final class BenchIngestCommand implements Callable<Integer> {
    /** The writing thread's CPU time, printed beside the wall times: on shared cores the two differ a lot. */
    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();

    @Option(names = "--model", defaultValue = "bge-small-en-v1.5")
    String model;

    @Option(names = "--lengths", defaultValue = "16,32,128", split = ",")
    int[] lengths;

    @Option(
            names = "--sentences",
            defaultValue = "20",
            description = "sentences per length (default: ${DEFAULT-VALUE})")
    int sentences;

    @Option(names = "--floor", defaultValue = "" + StoredWeights.DEFAULT_FLOOR)
    double floor;

    @Option(names = "--batch", defaultValue = "" + GraphWriter.DEFAULT_BATCH)
    int batch;

    @Option(names = "--corpus", defaultValue = "demo/corpus.tsv", description = "where the words come from")
    Path corpus;

    @Option(
            names = "--rounds",
            defaultValue = "3",
            description =
                    "throughput rounds per length, forward-only and ingest alternating (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(
            names = "--stages",
            description = "also write each sentence alone and time the write's stages (the per-sentence table)")
    boolean stages;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BenchWords words = BenchWords.of(corpus);
        try (AttentionModel m = ModelCatalog.standard().open(model, LoadOptions.defaults())) {
            out.printf(
                    Locale.ROOT,
                    "model %s, floor %s, batch %d, %d sentences per length, %d cores%n",
                    m.info().id(),
                    floor,
                    batch,
                    sentences,
                    Runtime.getRuntime().availableProcessors());
            // warm-up in a throw-away store: JIT, the driver's first write, Cypher plan caches
            measure(m, words, 24, 3, 1000, new LinkedHashMap<>());
            throughput(m, words, out);
            if (!stages) return 0;
            out.println(
                    "| n (median) | forward ms | write ms | write/forward | sentences/s (sequential) | rels/sentence |"
                            + " per-head edges/sentence | edges/s (write) | rels/s (write) | store KB/sentence |");
            out.println("|---|---|---|---|---|---|---|---|---|---|");
            int seed = 0;
            for (int target : lengths) {
                Map<String, List<Double>> stageMs = new LinkedHashMap<>();
                Result r = measure(m, words, target, sentences, seed, stageMs);
                seed += sentences;
                List<double[]> rows = r.rows();
                out.printf(
                        Locale.ROOT,
                        "| %.0f | %.0f | %.0f | %.2f | %.1f | %,.0f | %,.0f | %,.0f | %,.0f | %,.0f |%n",
                        median(rows, 0),
                        median(rows, 1),
                        median(rows, 2),
                        medianOf(rows.stream().mapToDouble(x -> x[2] / x[1]).toArray()),
                        1000 / (median(rows, 1) + median(rows, 2)),
                        median(rows, 3),
                        median(rows, 4),
                        medianOf(rows.stream()
                                .mapToDouble(x -> x[4] / (x[2] / 1e3))
                                .toArray()),
                        medianOf(rows.stream()
                                .mapToDouble(x -> x[3] / (x[2] / 1e3))
                                .toArray()),
                        r.storeBytesPerSentence() / 1024.0);
                StringBuilder stages = new StringBuilder("n~" + target + " write stages (median ms):");
                stageMs.forEach((k, v) -> stages.append(' ')
                        .append(k)
                        .append('=')
                        .append(String.format(
                                Locale.ROOT,
                                "%.1f",
                                medianOf(v.stream()
                                        .mapToDouble(Double::doubleValue)
                                        .toArray()))));
                err.println(stages);
                out.flush();
                err.flush();
            }
        }
        return 0;
    }

    /**
     * The throughput table: per length, {@link #rounds} rounds of forward-only then the real ingest pipeline over
     * the same sentences; medians, and the median of the per-round ratios.
     */
    private void throughput(AttentionModel m, BenchWords words, PrintWriter out) throws IOException {
        IngestThroughput bench = new IngestThroughput(m, floor);
        bench.round(List.of(sentence(m, words, 20, 2000), sentence(m, words, 30, 2001))); // warm-up of the pipeline
        out.println("| n (median) | sentences | forward-only sentences/s | ingest sentences/s | ingest/forward"
                + " (median of rounds) | per-round ratios | ingest edges/s | ingest rels/s | in the ingest: forward +"
                + " metrics s | in the ingest: writes s |");
        out.println("|---|---|---|---|---|---|---|---|---|---|");
        int seed = 5000;
        for (int target : lengths) {
            List<SentenceInput> inputs = new ArrayList<>();
            double[] ns = new double[sentences];
            for (int k = 0; k < sentences; k++) {
                inputs.add(sentence(m, words, target, seed + k));
                ns[k] = m.encode(inputs.get(k)).n();
            }
            seed += sentences;
            List<IngestThroughput.Round> rs = new ArrayList<>();
            for (int r = 0; r < rounds; r++) rs.add(bench.round(inputs));
            StringBuilder ratios = new StringBuilder();
            for (IngestThroughput.Round r : rs) {
                ratios.append(ratios.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", r.ratio()));
            }
            out.printf(
                    Locale.ROOT,
                    "| %.0f | %d | %.2f | %.2f | **%.2f** | %s | %,.0f | %,.0f | %.2f | %.2f |%n",
                    medianOf(ns),
                    sentences,
                    medianOf(rs.stream()
                            .mapToDouble(r -> sentences / r.forwardSeconds())
                            .toArray()),
                    medianOf(rs.stream()
                            .mapToDouble(r -> r.written() / r.ingestSeconds())
                            .toArray()),
                    medianOf(rs.stream()
                            .mapToDouble(IngestThroughput.Round::ratio)
                            .toArray()),
                    ratios,
                    medianOf(rs.stream()
                            .mapToDouble(r -> r.edges() / r.ingestSeconds())
                            .toArray()),
                    medianOf(rs.stream()
                            .mapToDouble(r -> r.rels() / r.ingestSeconds())
                            .toArray()),
                    medianOf(rs.stream()
                            .mapToDouble(IngestThroughput.Round::encodeSeconds)
                            .toArray()),
                    medianOf(rs.stream()
                            .mapToDouble(IngestThroughput.Round::writeSeconds)
                            .toArray()));
            out.flush();
        }
    }

    /** Per sentence [n, forward ms, write ms, rels, edges], and the store growth per sentence. */
    private record Result(List<double[]> rows, double storeBytesPerSentence) {}

    private Result measure(
            AttentionModel m, BenchWords words, int target, int count, int seed, Map<String, List<Double>> stageMs)
            throws IOException {
        List<SentenceInput> inputs = new ArrayList<>();
        for (int k = 0; k < count; k++) inputs.add(sentence(m, words, target, seed + k));
        Path store = Files.createTempDirectory("attnflow-bench");
        try {
            GraphSettings settings = new GraphSettings(store, 0, null, null, null, null);
            try (GraphConnection c = GraphConnection.open(settings)) {
                new GraphWriter(c, floor, batch).ensureModel(m.info());
            }
            long before = EmbeddedNeo4j.storeBytes(store);
            List<double[]> rows = new ArrayList<>();
            try (GraphConnection c = GraphConnection.open(settings)) {
                GraphWriter writer = new GraphWriter(c, floor, batch);
                long[] last = {0};
                writer.onStage(stage -> {
                    long now = System.nanoTime();
                    stageMs.computeIfAbsent(stage, k -> new ArrayList<>()).add((now - last[0]) / 1e6);
                    last[0] = now;
                });
                for (SentenceInput input : inputs) {
                    long t0 = System.nanoTime();
                    ForwardResult r = m.encode(input);
                    long t1 = System.nanoTime();
                    last[0] = t1;
                    SentenceMetrics metrics = SentenceMetrics.of(r);
                    long cpu0 = THREADS.getCurrentThreadCpuTime();
                    WriteStats w = writer.write(metrics);
                    long t2 = System.nanoTime();
                    stageMs.computeIfAbsent("write-cpu", k -> new ArrayList<>())
                            .add((THREADS.getCurrentThreadCpuTime() - cpu0) / 1e6);
                    stageMs.computeIfAbsent("run+commit", k -> new ArrayList<>())
                            .add((t2 - last[0]) / 1e6);
                    rows.add(new double[] {r.n(), (t1 - t0) / 1e6, w.nanos() / 1e6, w.rels(), w.edges()});
                }
            }
            long after = EmbeddedNeo4j.storeBytes(store);
            return new Result(rows, (after - before) / (double) count);
        } finally {
            deleteTree(store);
        }
    }

    /** A run of corpus words whose encoding has about {@code target} tokens, starting at a seed-chosen word. */
    static SentenceInput sentence(AttentionModel m, BenchWords words, int target, int seed) {
        int start = words.start(seed);
        int count = Math.max(1, (int) (target * 0.75));
        for (int attempt = 0; attempt < 8; attempt++) {
            SentenceInput in = words.run(start, count);
            int n = m.encode(in).n();
            if (Math.abs(n - target) <= 1) return in;
            count = Math.max(1, count + (target - n) * 3 / 4 + (target > n ? 1 : -1));
        }
        return words.run(start, count);
    }

    private static double median(List<double[]> rows, int column) {
        return medianOf(rows.stream().mapToDouble(r -> r[column]).toArray());
    }

    static double medianOf(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
