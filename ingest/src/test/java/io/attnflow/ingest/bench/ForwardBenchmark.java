package io.attnflow.ingest.bench;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15.BgeSmallEnV15EmbeddingModel;
import io.attnflow.core.model.SentenceInput;
import io.attnflow.ingest.AttentionModel;
import io.attnflow.ingest.LoadOptions;
import io.attnflow.ingest.ModelCatalog;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Forward pass with attention capture (DJL PyTorch) against langchain4j's ONNX Runtime embedding of the same ONNX
 * file: same sentences, same JVM, runs interleaved so that machine load hits both alike. Prints medians, the ratio
 * ours / ONNX Runtime, load times and memory.
 *
 * <p>Run: {@code scripts/bench-forward [iterations]} (see BENCHMARKS.md).
 */
public final class ForwardBenchmark {
    private static final String TEXT = "Attention flows trace how information moves from the input words through "
            + "every layer and head of a transformer, so that an analyst can see which tokens a prediction rests "
            + "on and how two models differ. The graph holds one node per token and layer, and one edge per "
            + "attention weight above a floor, so that traces are exact for any threshold at or above it. "
            + "Sentence pairs such as questions and answers, or premises and hypotheses, are first class, because "
            + "the interesting cases of entailment and paraphrase happen across the two sentences. ";

    public static void main(String[] args) throws Exception {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        io.attnflow.ingest.ModelCatalog.standard(); // sets the offline and thread defaults before the engine starts
        int warmup = Math.max(3, iterations / 5);
        System.out.printf(
                "threads: cpus=%d; iterations=%d, warm-up=%d%n",
                Runtime.getRuntime().availableProcessors(), iterations, warmup);
        long e0 = System.nanoTime();
        ai.djl.engine.Engine.getEngine("PyTorch");
        System.out.printf(
                "DJL PyTorch engine start: %.0f ms (not counted in the model load times below)%n",
                (System.nanoTime() - e0) / 1e6);
        bench("bge-small-en-v1.5", BgeSmallEnV15EmbeddingModel::new, iterations, warmup);
        bench("all-minilm-l6-v2", AllMiniLmL6V2EmbeddingModel::new, iterations, warmup);
        System.out.printf(
                "peak RSS of the JVM (VmHWM, both runtimes loaded): %s MB; peak heap: %d MB%n",
                procStatus("VmHWM"), peakHeapMb());
    }

    private static void bench(String id, Supplier<EmbeddingModel> oracle, int iterations, int warmup) {
        long rss0 = rssMb();
        long t0 = System.nanoTime();
        try (AttentionModel ours = ModelCatalog.standard().open(id, LoadOptions.defaults())) {
            double oursLoad = (System.nanoTime() - t0) / 1e6;
            ours.encode(SentenceInput.of("warm up"));
            double oursFirst = (System.nanoTime() - t0) / 1e6;
            long rss1 = rssMb();
            long t1 = System.nanoTime();
            EmbeddingModel onnx = oracle.get();
            double onnxLoad = (System.nanoTime() - t1) / 1e6;
            onnx.embed("warm up");
            double onnxFirst = (System.nanoTime() - t1) / 1e6;
            long rss2 = rssMb();
            System.out.printf("%n== %s%n", id);
            System.out.printf(
                    "load: ours %.0f ms (%.0f ms incl. first forward), ONNX Runtime %.0f ms (%.0f ms)%n",
                    oursLoad, oursFirst, onnxLoad, onnxFirst);
            System.out.printf("RSS growth: ours +%d MB, ONNX Runtime +%d MB%n", rss1 - rss0, rss2 - rss1);
            for (int target : new int[] {32, 128}) {
                String sentence = sentenceOf(ours, target);
                int n = ours.encode(SentenceInput.of(sentence)).n();
                double[] a = new double[iterations], b = new double[iterations];
                for (int i = -warmup; i < iterations; i++) {
                    long s = System.nanoTime();
                    ours.encode(SentenceInput.of(sentence));
                    long m = System.nanoTime();
                    onnx.embed(sentence);
                    long e = System.nanoTime();
                    if (i >= 0) {
                        a[i] = (m - s) / 1e6;
                        b[i] = (e - m) / 1e6;
                    }
                }
                double ma = median(a), mb = median(b);
                System.out.printf(
                        "%3d tokens: ours (forward + all attention) median %.1f ms, ONNX Runtime embedding "
                                + "median %.1f ms, ratio %.2f%n",
                        n, ma, mb, ma / mb);
            }
        }
    }

    /** A prefix of TEXT that tokenizes to exactly {@code tokens} tokens, [CLS] and [SEP] included. */
    static String sentenceOf(AttentionModel model, int tokens) {
        String[] words = TEXT.repeat(2).split(" ");
        List<String> kept = new ArrayList<>();
        String best = words[0];
        for (String w : words) {
            kept.add(w);
            String candidate = String.join(" ", kept);
            if (model.tokenize(SentenceInput.of(candidate)).size() > tokens) break;
            best = candidate;
        }
        return best;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static long rssMb() {
        String kb = procStatus("VmRSS");
        return kb.equals("?") ? -1 : Long.parseLong(kb);
    }

    /** A field of /proc/self/status in MB, or "?" off Linux. */
    private static String procStatus(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field + ":")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return String.valueOf(kb / 1024);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return "?";
    }

    private static long peakHeapMb() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) peak += pool.getPeakUsage().getUsed();
        }
        return peak / (1024 * 1024);
    }
}
