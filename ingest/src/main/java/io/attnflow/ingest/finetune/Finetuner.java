package io.attnflow.ingest.finetune;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedSet;

/**
 * Trains a {@link TrainableBert} with cross-entropy: AdamW with linear warm-up and decay (a second AdamW without
 * weight decay for biases and LayerNorm), the global gradient norm clipped here (DJL's own clipping on PyTorch only
 * caps each value from above). One update per batch; the order of the sentences is shuffled per epoch from the seed.
 * {@link #requestStop()} ends the run after the current update.
 */
public final class Finetuner {

    /** What the caller sees while training runs. */
    public interface Listener {
        default void started(int totalSteps) {}

        /** After update {@code step} (1-based), with its mean training loss and the speed so far. */
        default void stepped(int step, int totalSteps, double loss, double examplesPerSecond) {}
    }

    /** Saves the model's state after a step (0 = before any update). */
    @FunctionalInterface
    public interface Checkpoints {
        void save(int step, TrainableBert model);
    }

    /**
     * What a run did.
     *
     * @param steps       updates done
     * @param totalSteps  updates planned
     * @param examples    sentences seen (with repeats over epochs)
     * @param losses      the training loss of each update, in order
     * @param seconds     wall time of the updates
     * @param interrupted true when {@link #requestStop()} ended it early
     */
    public record Result(
            int steps, int totalSteps, long examples, double[] losses, double seconds, boolean interrupted) {}

    private volatile boolean stop;

    /** Ends the run after the update in progress (safe from any thread, e.g. a shutdown hook). */
    public void requestStop() {
        stop = true;
    }

    public Result train(
            TrainableBert model, List<Example> train, TrainSettings s, Listener listener, Checkpoints checkpoints) {
        int total = s.totalSteps(train.size());
        int warmup = s.warmupSteps(total);
        LinearSchedule schedule = new LinearSchedule((float) s.lr(), warmup, total);
        Optimizer decay = optimizer(schedule, (float) s.weightDecay());
        Optimizer noDecay = optimizer(schedule, 0f);
        SortedSet<Integer> saveAt = s.checkpointSteps(total);
        Random random = new Random(s.seed());
        listener.started(total);
        if (saveAt.contains(0)) checkpoints.save(0, model);
        List<Double> losses = new ArrayList<>();
        long started = System.nanoTime();
        int step = 0;
        long seen = 0;
        int[] order = new int[train.size()];
        outer:
        while (step < total) {
            for (int i = 0; i < order.length; i++) order[i] = i;
            shuffle(order, random);
            for (int from = 0; from < order.length && step < total; from += s.batch()) {
                if (stop) break outer;
                int[] idx = Arrays.copyOfRange(order, from, Math.min(order.length, from + s.batch()));
                losses.add(update(model, train, idx, s, decay, noDecay));
                step++;
                seen += idx.length;
                double secs = (System.nanoTime() - started) / 1e9;
                listener.stepped(step, total, losses.get(losses.size() - 1), seen / Math.max(secs, 1e-9));
                if (saveAt.contains(step) && step < total) checkpoints.save(step, model);
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double[] curve = losses.stream().mapToDouble(Double::doubleValue).toArray();
        return new Result(step, total, seen, curve, seconds, step < total);
    }

    private static Optimizer optimizer(LinearSchedule schedule, float weightDecay) {
        return Optimizer.adamW()
                .optLearningRateTracker(schedule)
                .optBeta1(0.9f)
                .optBeta2(0.999f)
                .optEpsilon(1e-8f)
                .optWeightDecays(weightDecay)
                .build();
    }

    /** One update on the sentences {@code idx}; returns the batch's mean loss. */
    private static double update(
            TrainableBert model, List<Example> data, int[] idx, TrainSettings s, Optimizer decay, Optimizer noDecay) {
        try (NDManager m = model.manager().newSubManager()) {
            double loss = backward(model, m, data, idx);
            Map<String, NDArray> params = model.parameters();
            Map<String, NDArray> grads = new java.util.LinkedHashMap<>();
            for (Map.Entry<String, NDArray> e : params.entrySet()) {
                NDArray g = e.getValue().getGradient(); // a new handle each call: keep it in the step's manager
                g.attach(m);
                grads.put(e.getKey(), g);
            }
            clipGlobalNorm(grads.values(), s.clipNorm());
            for (Map.Entry<String, NDArray> e : params.entrySet()) {
                Optimizer o = TrainableBert.noDecay(e.getKey()) ? noDecay : decay;
                o.update(e.getKey(), e.getValue(), grads.get(e.getKey()));
            }
            return loss;
        }
    }

    /**
     * Scales the gradients in place so that their global L2 norm is at most {@code max} (0: no clipping), as
     * {@code torch.nn.utils.clip_grad_norm_} does. Returns the norm before clipping.
     */
    static double clipGlobalNorm(java.util.Collection<NDArray> grads, double max) {
        NDList norms = new NDList();
        for (NDArray g : grads) norms.add(g.norm());
        // one read-back for the global norm, not one per tensor
        double norm =
                NDArrays.stack(norms).norm().toType(DataType.FLOAT64, false).getDouble();
        if (max > 0 && norm > max) {
            float factor = (float) (max / (norm + 1e-6));
            for (NDArray g : grads) g.muli(factor);
        }
        return norm;
    }

    /**
     * Forward and backward pass of the sentences {@code idx} (no update): the gradients of the batch's mean loss
     * accumulate in the parameters. Returns the loss.
     */
    public static double backward(TrainableBert model, NDManager m, List<Example> data, int[] idx) {
        long[][] ids = new long[idx.length][], types = new long[idx.length][];
        int[] gold = new int[idx.length];
        for (int k = 0; k < idx.length; k++) {
            Example e = data.get(idx[k]);
            ids[k] = e.ids();
            types[k] = e.typeIds();
            gold[k] = e.label();
        }
        try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
            NDArray logits = model.logits(m, ids, types);
            NDArray loss = TrainableBert.crossEntropy(m, logits, gold);
            collector.backward(loss);
            return loss.toType(DataType.FLOAT64, false).getDouble();
        }
    }

    private static void shuffle(int[] a, Random r) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
