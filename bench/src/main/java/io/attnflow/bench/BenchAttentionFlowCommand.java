package io.attnflow.bench;

import io.attnflow.core.metrics.AttentionFlow;
import io.attnflow.core.metrics.AttentionFlow.Solver;
import io.attnflow.core.metrics.Rollout;
import io.attnflow.core.model.AttentionTensor;
import io.attnflow.core.model.SentenceInput;
import io.attnflow.ingest.AttentionModel;
import io.attnflow.ingest.LoadOptions;
import io.attnflow.ingest.ModelCatalog;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code attnflow-bench bench-attention-flow}: the cost of the {@code [CLS]} row of attention flow (max-flow) per
 * sentence on real attention, next to the forward pass and rollout of the same sentences in the same loop. For each
 * target length it cuts sentences of about that many tokens from the demo corpus's words (as {@code bench-ingest}
 * does), and times each solver on each sentence; the solver order rotates per sentence so that machine load hits all
 * alike. The machine is shared, so the CPU time of the benchmark thread is printed next to the wall time. See
 * BENCHMARKS.md.
 */
@Command(
        name = "bench-attention-flow",
        mixinStandardHelpOptions = true,
        description = "Benchmark attention flow (max-flow) per sentence on real attention; prints medians.")
final class BenchAttentionFlowCommand implements Callable<Integer> {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @Mixin
    RealSentenceOptions real;

    @Option(names = "--lengths", defaultValue = "16,32,128", split = ",")
    int[] lengths;

    @Option(
            names = "--solvers",
            defaultValue = "DINIC,PUSH_RELABEL,BOYKOV_KOLMOGOROV",
            split = ",",
            description = "JGraphT solvers to time (default: ${DEFAULT-VALUE})")
    List<Solver> solvers;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        BenchWords words = BenchWords.of(real.corpus);
        try (AttentionModel m = ModelCatalog.standard().open(real.model, LoadOptions.defaults())) {
            real.printRunLine(out, m);
            measure(m, words, 24, 4, 999, out, false); // warm-up: JIT of the solvers and the forward pass
            out.println("| n (median) | solver | flow wall ms | flow CPU ms | CPU / first solver | forward ms"
                    + " | flow wall / forward | rollout ms | max abs diff to first solver |");
            out.println("|---|---|---|---|---|---|---|---|---|");
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
        int k = solvers.size();
        double[][] wall = new double[k][count], cpu = new double[k][count], diff = new double[k][count];
        double[] forward = new double[count], rollout = new double[count], n = new double[count];
        for (int s = 0; s < count; s++) {
            SentenceInput input = BenchIngestCommand.sentence(m, words, target, seed + s);
            long f0 = System.nanoTime();
            AttentionTensor attention = m.encode(input).attention();
            long f1 = System.nanoTime();
            Rollout.of(attention).clsRow();
            long f2 = System.nanoTime();
            forward[s] = (f1 - f0) / 1e6;
            rollout[s] = (f2 - f1) / 1e6;
            n[s] = attention.n();
            double[][] rows = new double[k][];
            for (int r = 0; r < k; r++) {
                int v = (r + s) % k;
                long t0 = System.nanoTime(), c0 = THREADS.getCurrentThreadCpuTime();
                rows[v] = AttentionFlow.row(attention, 0, solvers.get(v));
                long t1 = System.nanoTime(), c1 = THREADS.getCurrentThreadCpuTime();
                wall[v][s] = (t1 - t0) / 1e6;
                cpu[v][s] = (c1 - c0) / 1e6;
            }
            for (int v = 0; v < k; v++) diff[v][s] = maxDiff(rows[v], rows[0]);
        }
        if (!print) return;
        double baseCpu = median(cpu[0]), fwd = median(forward);
        for (int v = 0; v < k; v++) {
            out.printf(
                    Locale.ROOT,
                    "| %.0f | %s | %.1f | %.1f | %.2f | %.1f | %.2f | %.2f | %.1e |%n",
                    median(n),
                    solvers.get(v),
                    median(wall[v]),
                    median(cpu[v]),
                    median(cpu[v]) / baseCpu,
                    fwd,
                    median(wall[v]) / fwd,
                    median(rollout),
                    Arrays.stream(diff[v]).max().orElse(0));
        }
    }

    private static double maxDiff(double[] a, double[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
        return d;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
