package io.attnflow.bench;

import io.attnflow.core.metrics.AttentionFlow;
import io.attnflow.core.metrics.AttentionFlowPolicy;
import io.attnflow.core.metrics.HeadBehaviour;
import io.attnflow.core.metrics.Rollout;
import io.attnflow.core.metrics.SentenceMetrics;
import io.attnflow.core.model.ForwardResult;
import io.attnflow.core.model.RunAnnotations;
import io.attnflow.core.model.StoredWeights;
import io.attnflow.core.trace.ClsReach;
import io.attnflow.core.trace.StoredAttention;
import io.attnflow.ingest.AttentionModel;
import io.attnflow.ingest.LoadOptions;
import io.attnflow.ingest.ModelCatalog;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code attnflow-bench bench-metrics}: where the ingest forward thread's time goes per sentence besides the model.
 * For each target length it cuts sentences from the demo corpus's words (as {@code bench-ingest} does), runs the
 * forward pass, then times each piece of work {@code ForwardWorker} does after it: rollout, Clark head behaviour,
 * attention flow (max-flow) and the run annotations, each alone, and {@link SentenceMetrics#of} with the default
 * policy as ingest calls it; then what the writer's rows need on the same thread: the quantize-and-floor pass
 * ({@link StoredAttention#of}, at the default floor and scale) and the stored [CLS] reach ({@link ClsReach#of}). The CPU time of the benchmark thread is printed (the machine is shared); the forward
 * pass is wall time, because PyTorch computes it on threads of its own. See BENCHMARKS.md.
 */
@Command(
        name = "bench-metrics",
        mixinStandardHelpOptions = true,
        description =
                "Benchmark the per-sentence metrics of ingest's forward thread on real attention; prints medians.")
final class BenchMetricsCommand implements Callable<Integer> {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @Mixin
    RealSentenceOptions real;

    @Option(names = "--lengths", defaultValue = "16,32,64,128", split = ",")
    int[] lengths;

    @Option(
            names = "--flow-max-tokens",
            defaultValue = "" + AttentionFlowPolicy.DEFAULT_MAX_TOKENS,
            description = "time attention flow alone up to this length (default: ${DEFAULT-VALUE}, the ingest bound)")
    int flowMaxTokens;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        BenchWords words = BenchWords.of(real.corpus);
        try (AttentionModel m = ModelCatalog.standard().open(real.model, LoadOptions.defaults())) {
            real.printRunLine(out, m);
            measure(m, words, 24, 4, 999, out, false); // warm-up: JIT of the metrics and the forward pass
            out.println(
                    "| n (median) | forward wall ms | rollout CPU ms | head behaviour CPU ms | attention flow CPU ms"
                            + " | annotations CPU ms | SentenceMetrics.of (defaults) CPU ms | its wall ms | metrics CPU / forward"
                            + " | quantize CPU ms | [CLS] reach CPU ms | reach CPU / forward |");
            out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
            int seed = 0;
            for (int target : lengths) {
                measure(m, words, target, real.sentences, seed, out, true);
                seed += real.sentences;
                out.flush();
            }
            out.printf(Locale.ROOT, "load average at end: %s%n", RealSentenceOptions.loadAverage());
        }
        return 0;
    }

    private void measure(
            AttentionModel m, BenchWords words, int target, int count, int seed, PrintWriter out, boolean print) {
        double[] n = new double[count], forward = new double[count], rollout = new double[count];
        double[] behaviour = new double[count], flow = new double[count], annotations = new double[count];
        double[] metricsCpu = new double[count], metricsWall = new double[count];
        double[] quantize = new double[count], reach = new double[count];
        for (int s = 0; s < count; s++) {
            var input = BenchIngestCommand.sentence(m, words, target, seed + s);
            long f0 = System.nanoTime();
            ForwardResult r = m.encode(input);
            forward[s] = (System.nanoTime() - f0) / 1e6;
            n[s] = r.n();
            rollout[s] = cpuMs(() -> Rollout.of(r.attention()).clsRow());
            behaviour[s] = cpuMs(() -> HeadBehaviour.ofAll(r.attention(), r.tokens()));
            flow[s] = r.n() <= flowMaxTokens ? cpuMs(() -> AttentionFlow.clsRow(r.attention())) : Double.NaN;
            annotations[s] = cpuMs(() -> RunAnnotations.of(r, m.labels(), null));
            long w0 = System.nanoTime();
            metricsCpu[s] = cpuMs(() -> SentenceMetrics.of(r, AttentionFlowPolicy.defaults()));
            metricsWall[s] = (System.nanoTime() - w0) / 1e6;
            quantize[s] = cpuMs(() -> StoredAttention.of(r.attention(), StoredWeights.DEFAULT_FLOOR));
            StoredAttention stored = StoredAttention.of(r.attention(), StoredWeights.DEFAULT_FLOOR);
            reach[s] = cpuMs(() -> ClsReach.of(stored));
        }
        if (!print) return;
        double fwd = BenchIngestCommand.medianOf(forward);
        out.printf(
                Locale.ROOT,
                "| %.0f | %.1f | %.2f | %.2f | %s | %.3f | %.1f | %.1f | %.2f | %.2f | %.2f | %.3f |%n",
                BenchIngestCommand.medianOf(n),
                fwd,
                BenchIngestCommand.medianOf(rollout),
                BenchIngestCommand.medianOf(behaviour),
                Double.isNaN(flow[0]) ? "–" : String.format(Locale.ROOT, "%.1f", BenchIngestCommand.medianOf(flow)),
                BenchIngestCommand.medianOf(annotations),
                BenchIngestCommand.medianOf(metricsCpu),
                BenchIngestCommand.medianOf(metricsWall),
                BenchIngestCommand.medianOf(metricsCpu) / fwd,
                BenchIngestCommand.medianOf(quantize),
                BenchIngestCommand.medianOf(reach),
                BenchIngestCommand.medianOf(reach) / fwd);
    }

    /** The benchmark thread's CPU time of one call, in ms. */
    private static double cpuMs(Supplier<?> work) {
        long c0 = THREADS.getCurrentThreadCpuTime();
        if (work.get() == null) throw new IllegalStateException("no result");
        return (THREADS.getCurrentThreadCpuTime() - c0) / 1e6;
    }
}
