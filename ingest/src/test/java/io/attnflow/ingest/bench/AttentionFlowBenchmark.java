package io.attnflow.ingest.bench;

import io.attnflow.core.metrics.AttentionFlow;
import io.attnflow.core.metrics.AttentionFlow.Solver;
import io.attnflow.core.metrics.Rollout;
import io.attnflow.core.model.AttentionTensor;
import io.attnflow.core.model.SentenceInput;
import io.attnflow.ingest.AttentionModel;
import io.attnflow.ingest.LoadOptions;
import io.attnflow.ingest.ModelCatalog;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Attention flow (max-flow) of the {@code [CLS]} row on real bge-small-en-v1.5 attention (12 layers, 12 heads) at 32
 * and 128 tokens, with every exact JGraphT solver, the forward pass and rollout timed in the same loop (the solver
 * order rotates every iteration, so that machine load hits all alike). Prints medians, same-run ratios to Dinic and
 * to the forward pass, and the largest difference between the solvers' results. The machine is shared, so the CPU
 * time of the benchmark thread is printed next to the wall time.
 *
 * <p>Run: {@code scripts/bench-attention-flow [iterations] [solvers at n=32] [solvers at n=128]}, solvers as a
 * comma-separated list of {@link Solver} names (see BENCHMARKS.md).
 */
public final class AttentionFlowBenchmark {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws Exception {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        List<Solver> at32 = solvers(args.length > 1 ? args[1] : "DINIC,PUSH_RELABEL,BOYKOV_KOLMOGOROV,EDMONDS_KARP");
        List<Solver> at128 = solvers(args.length > 2 ? args[2] : "DINIC,PUSH_RELABEL,BOYKOV_KOLMOGOROV");
        ModelCatalog.standard(); // sets the offline and thread defaults before the engine starts
        System.out.printf(
                "cpus=%d; iterations=%d (+1 warm-up); load average at start: %s; %s%n",
                Runtime.getRuntime().availableProcessors(), iterations, loadAverage(), java.time.Instant.now());
        try (AttentionModel model = ModelCatalog.standard().open("bge-small-en-v1.5", LoadOptions.defaults())) {
            bench(model, 32, at32, iterations);
            bench(model, 128, at128, iterations);
        }
        System.out.printf("load average at end: %s%n", loadAverage());
    }

    private static List<Solver> solvers(String names) {
        List<Solver> solvers = new ArrayList<>();
        for (String s : names.split(",")) solvers.add(Solver.valueOf(s.trim()));
        return solvers;
    }

    private static void bench(AttentionModel model, int target, List<Solver> solvers, int iterations) {
        SentenceInput sentence = SentenceInput.of(ForwardBenchmark.sentenceOf(model, target));
        AttentionTensor attention = model.encode(sentence).attention();
        int k = solvers.size();
        double[][] times = new double[k][iterations], cpu = new double[k][iterations];
        double[] forward = new double[iterations], rollout = new double[iterations];
        double[][] results = new double[k][];
        for (int it = -1; it < iterations; it++) {
            long f0 = System.nanoTime();
            model.encode(sentence);
            long f1 = System.nanoTime();
            Rollout.of(attention).clsRow();
            long f2 = System.nanoTime();
            if (it >= 0) {
                forward[it] = (f1 - f0) / 1e6;
                rollout[it] = (f2 - f1) / 1e6;
            }
            for (int r = 0; r < k; r++) {
                int s = (r + Math.max(it, 0)) % k;
                long t0 = System.nanoTime(), c0 = THREADS.getCurrentThreadCpuTime();
                results[s] = AttentionFlow.row(attention, 0, solvers.get(s));
                long t1 = System.nanoTime(), c1 = THREADS.getCurrentThreadCpuTime();
                if (it >= 0) {
                    times[s][it] = (t1 - t0) / 1e6;
                    cpu[s][it] = (c1 - c0) / 1e6;
                }
            }
        }
        double fwd = ForwardBenchmark.median(forward);
        double base = ForwardBenchmark.median(times[0]), baseCpu = ForwardBenchmark.median(cpu[0]);
        System.out.printf(
                "%n== n = %d: forward (all attention) median %.1f ms, rollout median %.2f ms%n",
                attention.n(), fwd, ForwardBenchmark.median(rollout));
        for (int s = 0; s < k; s++) {
            double med = ForwardBenchmark.median(times[s]), medCpu = ForwardBenchmark.median(cpu[s]);
            System.out.printf(
                    "%-17s wall median %8.1f ms (min %.1f, max %.1f), cpu median %8.1f ms; / %s wall %.2f, cpu %.2f;"
                            + " wall / forward %.1f; max |diff| to %s %.1e%n",
                    solvers.get(s),
                    med,
                    min(times[s]),
                    max(times[s]),
                    medCpu,
                    solvers.get(0),
                    med / base,
                    medCpu / baseCpu,
                    med / fwd,
                    solvers.get(0),
                    maxDiff(results[s], results[0]));
        }
    }

    private static double maxDiff(double[] a, double[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
        return d;
    }

    private static double min(double[] v) {
        double m = Double.POSITIVE_INFINITY;
        for (double x : v) m = Math.min(m, x);
        return m;
    }

    private static double max(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double x : v) m = Math.max(m, x);
        return m;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "?";
        }
    }
}
