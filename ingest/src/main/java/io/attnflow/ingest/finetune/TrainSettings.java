package io.attnflow.ingest.finetune;

import io.attnflow.core.query.InvalidInputException;

/**
 * The hyper-parameters of one fine-tuning run.
 *
 * @param epochs      passes over the training data (an upper bound when maxSteps is set)
 * @param maxSteps    stop after this many updates (0: no limit)
 * @param batch       sentences per update
 * @param lr          peak learning rate of AdamW
 * @param warmup      fraction of the updates spent warming up linearly, in [0, 1)
 * @param weightDecay AdamW's decoupled weight decay, for every tensor but biases and LayerNorm
 * @param clipNorm    the global gradient norm is scaled down to this when larger (0: no clipping)
 * @param maxTokens   sentences are cut to this many tokens, special tokens included
 * @param seed        seeds the head's initialisation and the shuffling
 * @param checkpoints number of saved states, evenly spaced from step 0 to the last step (0: none)
 */
public record TrainSettings(
        int epochs,
        int maxSteps,
        int batch,
        double lr,
        double warmup,
        double weightDecay,
        double clipNorm,
        int maxTokens,
        long seed,
        int checkpoints) {

    /** BERT's fine-tuning recipe: 3 epochs, batch 16, lr 2e-5, 10% warm-up, decay 0.01, clip 1.0, 128 tokens. */
    public static TrainSettings defaults() {
        return new TrainSettings(3, 0, 16, 2e-5, 0.1, 0.01, 1.0, 128, 42, 0);
    }

    public TrainSettings {
        if (epochs < 1) throw new InvalidInputException("--epochs must be at least 1, was " + epochs);
        if (maxSteps < 0) throw new InvalidInputException("--max-steps must be 0 (no limit) or more, was " + maxSteps);
        if (batch < 1) throw new InvalidInputException("--batch must be at least 1, was " + batch);
        if (!(lr > 0 && lr < 1)) throw new InvalidInputException("--lr must be between 0 and 1, was " + lr);
        if (!(warmup >= 0 && warmup < 1)) {
            throw new InvalidInputException("--warmup is a fraction of the steps in [0, 1), was " + warmup);
        }
        if (!(weightDecay >= 0)) throw new InvalidInputException("weight decay must be >= 0, was " + weightDecay);
        if (!(clipNorm >= 0)) throw new InvalidInputException("the clip norm must be >= 0, was " + clipNorm);
        if (maxTokens < 3) throw new InvalidInputException("--max-tokens must be at least 3, was " + maxTokens);
        if (checkpoints < 0) throw new InvalidInputException("--checkpoints must be 0 or more, was " + checkpoints);
    }

    /** The number of updates for {@code examples} training sentences. */
    public int totalSteps(int examples) {
        long perEpoch = (examples + batch - 1) / batch;
        long all = perEpoch * epochs;
        return (int) (maxSteps > 0 ? Math.min(all, maxSteps) : all);
    }

    /** Warm-up updates out of {@code total}. */
    public int warmupSteps(int total) {
        return Math.min((int) Math.round(warmup * total), total - 1);
    }

    /** The steps after which a checkpoint is saved: {@code checkpoints} of them, evenly spaced over 0..total. */
    public java.util.SortedSet<Integer> checkpointSteps(int total) {
        java.util.SortedSet<Integer> steps = new java.util.TreeSet<>();
        if (checkpoints == 1) steps.add(total);
        for (int j = 0; checkpoints > 1 && j < checkpoints; j++) {
            steps.add((int) Math.round(total * (double) j / (checkpoints - 1)));
        }
        return steps;
    }
}
