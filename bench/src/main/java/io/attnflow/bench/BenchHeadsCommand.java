package io.attnflow.bench;

import io.attnflow.core.headgraph.HeadGraph;
import io.attnflow.core.headgraph.HeadGraphBuilder;
import io.attnflow.core.metrics.SentenceMetrics;
import io.attnflow.core.model.AttentionTensor;
import io.attnflow.core.model.ForwardResult;
import io.attnflow.core.model.ModelInfo;
import io.attnflow.core.model.SentenceInput;
import io.attnflow.core.model.StoredWeights;
import io.attnflow.core.model.TokenInfo;
import io.attnflow.core.trace.InMemoryAttentionStore;
import io.attnflow.core.trace.StoredAttention;
import io.attnflow.graph.GraphConnection;
import io.attnflow.graph.GraphSettings;
import io.attnflow.graph.heads.HeadGraphService;
import io.attnflow.graph.write.GraphWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench-heads}: the head-graph build time on a store of synthetic sentences (12 layers × 12 heads, random
 * peaked softmax attention, every model holding every sentence), written through the real GraphWriter into a fresh
 * embedded store. Prints the build time (read + compute + write + GDS Louvain) for the first model over all its
 * sentences, and for all the models over the first {@code --multi-sentences} (which every model holds).
 */
@Command(
        name = "bench-heads",
        mixinStandardHelpOptions = true,
        description = "Time `heads build` on synthetic stored attention: 144 heads per model.")
final class BenchHeadsCommand implements Callable<Integer> {
    @Option(names = "--sentences", defaultValue = "1000")
    int sentences;

    @Option(names = "--models", defaultValue = "3", description = "synthetic models (each 12 x 12 heads)")
    int models;

    @Option(
            names = "--multi-sentences",
            defaultValue = "200",
            description = "sentences of the all-models build (the other models hold only these)")
    int multiSentences;

    @Option(names = "--n", defaultValue = "12", description = "tokens per sentence")
    int n;

    @Option(names = "--store", description = "store directory (default: a new temporary directory)")
    Path store;

    @Option(
            names = "--in-memory",
            description = "time only core's HeadGraphBuilder over an in-memory store (no Neo4j, no GDS)")
    boolean inMemory;

    @Override
    public Integer call() throws Exception {
        if (inMemory) return inMemory();
        Path dir = store != null ? store : Files.createTempDirectory("attnflow-bench-heads");
        try (GraphConnection connection = GraphConnection.open(new GraphSettings(dir, 0, null, null, null, null))) {
            List<String> ids = new ArrayList<>();
            long w0 = System.nanoTime();
            for (int m = 0; m < models; m++) {
                ModelInfo info = new ModelInfo(
                        "synthetic-" + m, "synthetic " + m, "bert", 12, 12, 384, 100, 512, "bench", "sha-" + m);
                ids.add(info.id());
                GraphWriter writer = new GraphWriter(connection, StoredWeights.DEFAULT_FLOOR);
                writer.ensureModel(info);
                for (int s = 0; s < (m == 0 ? sentences : multiSentences); s++) {
                    writer.write(SentenceMetrics.of(forward(info, s, m)));
                }
            }
            System.out.printf(
                    Locale.ROOT,
                    "wrote model 0 with %d sentences, %d more models with %d (n=%d) in %.1f s%n",
                    sentences,
                    models - 1,
                    multiSentences,
                    n,
                    (System.nanoTime() - w0) / 1e9);
            report(new HeadGraphService(connection).build(ids.subList(0, 1), null, 5, null));
            if (models > 1) report(new HeadGraphService(connection).build(ids, FIRST, 5, null));
        }
        return 0;
    }

    private static final String FIRST = "bench-first";

    /** The compute alone: the same synthetic attention, stored-weight view, through the core builder. */
    private int inMemory() {
        InMemoryAttentionStore mem = new InMemoryAttentionStore();
        Map<String, List<String>> all = new LinkedHashMap<>();
        for (int m = 0; m < models; m++) {
            ModelInfo info = new ModelInfo(
                    "synthetic-" + m, "synthetic " + m, "bert", 12, 12, 384, 100, 512, "bench", "sha-" + m);
            List<String> sids = new ArrayList<>();
            for (int s = 0; s < (m == 0 ? sentences : multiSentences); s++) {
                ForwardResult f = forward(info, s, m);
                List<String> texts = f.tokens().stream().map(TokenInfo::text).toList();
                mem.put(
                        info.id(),
                        f.input().id(),
                        texts,
                        StoredAttention.of(f.attention(), StoredWeights.DEFAULT_FLOOR));
                sids.add(f.input().id());
            }
            all.put(info.id(), sids);
        }
        String first = all.keySet().iterator().next();
        timeCore(mem, Map.of(first, all.get(first)));
        if (models > 1) {
            Map<String, List<String>> multi = new LinkedHashMap<>();
            all.forEach((m, sids) -> multi.put(m, sids.subList(0, multiSentences)));
            timeCore(mem, multi);
        }
        return 0;
    }

    private static void timeCore(InMemoryAttentionStore mem, Map<String, List<String>> sids) {
        long t0 = System.nanoTime();
        HeadGraph g = HeadGraphBuilder.build(mem, sids, 5, null);
        System.out.printf(
                Locale.ROOT,
                "core HeadGraphBuilder: %d models, %d heads, %d sentences, %d edges: %.1f s%n",
                sids.size(),
                g.heads().size(),
                g.sentences(),
                g.edges().size(),
                (System.nanoTime() - t0) / 1e9);
    }

    private static void report(HeadGraphService.BuildResult r) {
        System.out.printf(
                Locale.ROOT,
                "heads build: %d models, %d heads, %d sentences, %d edges: %.1f s; %d communities, modularity %.4f%n",
                r.models().size(),
                r.heads(),
                r.sentences(),
                r.edges(),
                r.millis() / 1000.0,
                r.communities(),
                r.modularity());
    }

    /** Random peaked softmax rows; model m's heads drift from the base (m = 0) by a seed offset per head group. */
    private ForwardResult forward(ModelInfo info, int s, int m) {
        Random rnd = new Random(31L * s + m);
        float[] data = new float[12 * 12 * n * n];
        for (int row = 0; row < 12 * 12 * n; row++) {
            double[] v = new double[n];
            double sum = 0;
            for (int j = 0; j < n; j++) sum += v[j] = Math.exp(2.5 * rnd.nextGaussian());
            for (int j = 0; j < n; j++) data[row * n + j] = (float) (v[j] / sum);
        }
        List<TokenInfo> tokens = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String text = i == 0 ? "[CLS]" : i == n - 1 ? "[SEP]" : i == n - 2 ? "." : "w" + i;
            boolean special = i == 0 || i == n - 1;
            tokens.add(new TokenInfo(i, text, special, false, special ? -1 : i, special ? -1 : i + 1, 0));
        }
        return new ForwardResult(
                info,
                new SentenceInput("synthetic sentence " + s, null, s < multiSentences ? FIRST : "bench-rest", null),
                tokens,
                new AttentionTensor(12, 12, n, data),
                new float[n][0],
                null,
                List.of(),
                false);
    }
}
