package io.attnflow.ingest.bench;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.attnflow.ingest.LoadOptions;
import io.attnflow.ingest.ModelCatalog;
import io.attnflow.ingest.ResolvedModel;
import io.attnflow.ingest.finetune.Example;
import io.attnflow.ingest.finetune.Finetuner;
import io.attnflow.ingest.finetune.Predictions;
import io.attnflow.ingest.finetune.TrainSettings;
import io.attnflow.ingest.finetune.TrainableBert;
import io.attnflow.ingest.tokenize.TokenizedInput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fine-tuning speed of one model at batch 16, n = 32 tokens: forward only, forward + backward, and a full update
 * step (forward, backward, global-norm clipping, AdamW on every tensor), interleaved in the same run so that machine
 * load hits all three alike. Prints medians, examples/s, the ratio (forward + backward) / forward and peak RSS.
 *
 * <p>Run: {@code scripts/bench-finetune MODEL [iterations]} (see BENCHMARKS.md). One model per JVM, so that the
 * peak RSS is that model's.
 */
public final class FinetuneBenchmark {
    private static final String TEXT = "Attention flows trace how information moves from the input words through "
            + "every layer and head of a transformer, so that an analyst can see which tokens a prediction rests "
            + "on and how two models differ. The graph holds one node per token and layer, and one edge per "
            + "attention weight above a floor, so that traces are exact for any threshold at or above it. "
            + "Sentence pairs such as questions and answers, or premises and hypotheses, are first class.";

    public static void main(String[] args) throws Exception {
        String id = args.length > 0 ? args[0] : "all-minilm-l6-v2";
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 12;
        int batch = 16, n = 32, warmup = 2;
        ResolvedModel base = ModelCatalog.standard().resolve(id, LoadOptions.defaults());
        List<Example> examples = new ArrayList<>();
        try (var tokenizer = base.tokenizer()) {
            TokenizedInput all = tokenizer.encode(TEXT, null, 512, false);
            long[] ids = all.ids();
            for (int b = 0; b < batch; b++) {
                long[] seq = new long[n];
                seq[0] = ids[0];
                System.arraycopy(ids, 1 + b * 3, seq, 1, n - 2);
                seq[n - 1] = ids[ids.length - 1];
                examples.add(new Example("b" + b, seq, new long[n], b % 2));
            }
        }
        int[] idx = new int[batch];
        for (int i = 0; i < batch; i++) idx[i] = i;
        System.out.printf(
                "%s: %d layers, batch %d x %d tokens, %d iterations after %d warm-up, cpus=%d%n",
                id,
                base.info().layers(),
                batch,
                n,
                iterations,
                warmup,
                Runtime.getRuntime().availableProcessors());
        try (TrainableBert model = new TrainableBert(base.weights(), 2, 1, DataType.FLOAT32)) {
            double[] fwd = new double[iterations], fwdBwd = new double[iterations], step = new double[iterations];
            long[] stepStart = {System.nanoTime()};
            // The trainer's own loop, one update per call-back; between updates, the same batch forward only and
            // forward + backward (its gradients zeroed again, so the next update is unaffected).
            new Finetuner()
                    .train(
                            model,
                            examples,
                            new TrainSettings(warmup + iterations, 0, batch, 2e-5, 0, 0.01, 1.0, n, 1, 0),
                            new Finetuner.Listener() {
                                @Override
                                public void stepped(int k, int total, double loss, double perSecond) {
                                    int it = k - 1 - warmup;
                                    long s = System.nanoTime() - stepStart[0];
                                    long t0 = System.nanoTime();
                                    Predictions.logits(model, examples, batch);
                                    long t1 = System.nanoTime();
                                    try (NDManager m = model.manager().newSubManager()) {
                                        Finetuner.backward(model, m, examples, idx);
                                        for (var p : model.parameters().values()) {
                                            var g = p.getGradient();
                                            g.attach(m);
                                            g.muli(0);
                                        }
                                    }
                                    long t2 = System.nanoTime();
                                    if (it >= 0) {
                                        step[it] = s / 1e9;
                                        fwd[it] = (t1 - t0) / 1e9;
                                        fwdBwd[it] = (t2 - t1) / 1e9;
                                    }
                                    stepStart[0] = System.nanoTime();
                                }
                            },
                            (k, m) -> {});
            double f = median(fwd), fb = median(fwdBwd), s = median(step);
            System.out.printf("forward only:        median %.3f s%n", f);
            System.out.printf("forward + backward:  median %.3f s  (ratio to forward %.2f)%n", fb, fb / f);
            System.out.printf("full update step:    median %.3f s  = %.1f examples/s%n", s, batch / s);
            System.out.printf("per-iteration ratios fb/f: %s%n", ratios(fwdBwd, fwd));
        }
        System.out.printf(
                "peak RSS %.0f MB; load average %s%n",
                peakRssMb(), Files.readString(Path.of("/proc/loadavg")).strip());
    }

    private static String ratios(double[] a, double[] b) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < a.length; i++) sb.append(String.format("%.2f ", a[i] / b[i]));
        return sb.toString().strip();
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double peakRssMb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
        }
        return -1;
    }
}
