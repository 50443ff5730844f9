package io.attnflow.ingest.finetune;

import ai.djl.training.tracker.Tracker;

/**
 * Linear warm-up then linear decay of the learning rate, as Hugging Face's {@code get_linear_schedule_with_warmup}:
 * update k (1-based) of T uses {@code lr·k/W} while k ≤ W, then {@code lr·(T−k+1)/(T−W)}, so the rate reaches its
 * peak at the end of warm-up and its last update uses lr/(T−W).
 */
public final class LinearSchedule implements Tracker {
    private final float peak;
    private final int warmup, total;

    /**
     * @param peak   the learning rate after warm-up
     * @param warmup warm-up updates W (0 for none)
     * @param total  all updates T (> W)
     */
    public LinearSchedule(float peak, int warmup, int total) {
        if (total <= 0 || warmup < 0 || warmup >= total) {
            throw new IllegalArgumentException(
                    "warm-up of " + warmup + " steps needs more than that in total, got " + total);
        }
        this.peak = peak;
        this.warmup = warmup;
        this.total = total;
    }

    @Override
    public float getNewValue(int update) {
        int k = Math.min(Math.max(update, 1), total);
        if (k <= warmup) return peak * k / warmup;
        return peak * (total - k + 1) / (float) (total - warmup);
    }
}
