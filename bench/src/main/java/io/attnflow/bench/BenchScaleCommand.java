package io.attnflow.bench;

import io.attnflow.core.model.AttentionTensor;
import io.attnflow.core.model.ForwardResult;
import io.attnflow.core.model.StoredWeights;
import io.attnflow.graph.EmbeddedNeo4j;
import io.attnflow.graph.GraphConnection;
import io.attnflow.graph.GraphSettings;
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
import java.util.Map;
import java.util.concurrent.Callable;
import org.neo4j.driver.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code attnflow-bench bench-scale}: how the per-head weights of an ATTENDS relationship should be stored, measured
 * on real attention. The same sentences' relationships (every (i, j) with a head at or above the floor) are
 * written into a fresh embedded store per representation: integers q = round(w·10⁴), integers q = round(w·2²⁰), and
 * the float32 weights themselves (Bolt carries them as 64-bit floats). Prints the store bytes per sentence (store
 * files after a clean shutdown, minus those before) and the median write time per sentence, with same-run ratios.
 */
@Command(
        name = "bench-scale",
        mixinStandardHelpOptions = true,
        description = "Store size and write time of the stored-weight representations on real attention.")
final class BenchScaleCommand implements Callable<Integer> {
    @Option(names = "--model", defaultValue = "bge-small-en-v1.5")
    String model;

    @Option(names = "--length", defaultValue = "32", description = "tokens per sentence (default: ${DEFAULT-VALUE})")
    int length;

    @Option(names = "--sentences", defaultValue = "10")
    int sentences;

    @Option(names = "--corpus", defaultValue = "demo/corpus.tsv")
    Path corpus;

    @Spec
    CommandSpec spec;

    private static final String WRITE =
            """
            UNWIND range(0, $tokens - 1) AS k
            CREATE (t:Token {model: 'bench', sid: $sid, layer: k / $n, pos: k % $n})
            WITH collect(t) AS ts
            UNWIND $rows AS r
            WITH ts[r.from] AS a, ts[r.to] AS b, r
            CREATE (a)-[:ATTENDS {q: r.q, max: r.max}]->(b)""";

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        BenchWords words = BenchWords.of(corpus);
        List<ForwardResult> results = new ArrayList<>();
        try (AttentionModel m = ModelCatalog.standard().open(model, LoadOptions.defaults())) {
            for (int k = 0; k < sentences; k++) results.add(m.encode(BenchIngestCommand.sentence(m, words, length, k)));
        }
        out.printf(
                Locale.ROOT,
                "model %s, %d sentences of n ≈ %d, floor %s%n",
                model,
                sentences,
                length,
                StoredWeights.DEFAULT_FLOOR);
        out.println("representation         store KB/sentence   write ms/sentence (median)");
        double[] base = null;
        for (String rep : List.of("int 10^4", "int 2^20", "float32")) {
            double[] r = measure(rep, results);
            if (base == null) base = r;
            out.printf(
                    Locale.ROOT,
                    "%-22s %10.1f (x%.2f)      %8.1f (x%.2f)%n",
                    rep,
                    r[0] / 1024,
                    r[0] / base[0],
                    r[1],
                    r[1] / base[1]);
        }
        return 0;
    }

    /** [store bytes per sentence, median write ms per sentence] of one representation. */
    private double[] measure(String rep, List<ForwardResult> results) throws IOException {
        Path store = Files.createTempDirectory("attnflow-bench-scale");
        try {
            GraphSettings settings = new GraphSettings(store, 0, null, null, null, null);
            try (GraphConnection c = GraphConnection.open(settings)) {
                try (Session s = c.session()) {
                    s.run("RETURN 1").consume();
                }
            }
            long before = EmbeddedNeo4j.storeBytes(store);
            double[] ms = new double[results.size()];
            try (GraphConnection c = GraphConnection.open(settings)) {
                for (int k = 0; k < results.size(); k++) {
                    AttentionTensor a = results.get(k).attention();
                    Map<String, Object> p = Map.of(
                            "sid", "s" + k, "n", a.n(), "tokens", (a.layers() + 1) * a.n(), "rows", rows(rep, a));
                    long t0 = System.nanoTime();
                    try (Session s = c.session()) {
                        s.executeWrite(tx -> tx.run(WRITE, p).consume());
                    }
                    ms[k] = (System.nanoTime() - t0) / 1e6;
                }
            }
            long after = EmbeddedNeo4j.storeBytes(store);
            return new double[] {(after - before) / (double) results.size(), BenchIngestCommand.medianOf(ms)};
        } finally {
            BenchIngestCommand.deleteTree(store);
        }
    }

    private static List<Map<String, Object>> rows(String rep, AttentionTensor a) {
        int n = a.n();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int l = 1; l <= a.layers(); l++) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    float max = 0;
                    for (int h = 0; h < a.heads(); h++) max = Math.max(max, a.weight(l, h, i, j));
                    if (max < StoredWeights.DEFAULT_FLOOR) continue;
                    List<Object> q = new ArrayList<>();
                    for (int h = 0; h < a.heads(); h++) q.add(value(rep, a.weight(l, h, i, j)));
                    rows.add(Map.of("from", (l - 1) * n + j, "to", l * n + i, "q", q, "max", value(rep, max)));
                }
            }
        }
        return rows;
    }

    private static Object value(String rep, float w) {
        boolean kept = w >= StoredWeights.DEFAULT_FLOOR;
        return switch (rep) {
            case "int 10^4" -> kept ? StoredWeights.quantize(w, StoredWeights.LEGACY_SCALE) : 0;
            case "int 2^20" -> kept ? StoredWeights.quantize(w, StoredWeights.SCALE) : 0;
            default -> kept ? (double) w : 0.0;
        };
    }
}
