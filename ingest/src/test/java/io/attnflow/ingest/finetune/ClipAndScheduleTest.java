package io.attnflow.ingest.finetune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The global-norm clipping and the learning-rate schedule, against values worked out by hand. */
class ClipAndScheduleTest {
    @Test
    void clippingScalesAllGradientsByOneFactor() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray a = m.create(new float[] {3, 4}), b = m.create(new float[] {12});
            // |(3, 4, 12)| = 13
            assertEquals(13, Finetuner.clipGlobalNorm(List.of(a, b), 20), 1e-5);
            assertArrayEquals(new float[] {3, 4}, a.toFloatArray());
            assertEquals(13, Finetuner.clipGlobalNorm(List.of(a, b), 6.5), 1e-5);
            assertArrayEquals(new float[] {1.5f, 2f}, a.toFloatArray(), 1e-5f);
            assertArrayEquals(new float[] {6f}, b.toFloatArray(), 1e-5f);
            assertEquals(6.5, Finetuner.clipGlobalNorm(List.of(a, b), 0), 1e-5);
            assertArrayEquals(new float[] {6f}, b.toFloatArray(), 1e-5f);
        }
    }

    @Test
    void linearWarmupThenLinearDecay() {
        LinearSchedule s = new LinearSchedule(1f, 2, 6);
        float[] lr = new float[6];
        for (int k = 1; k <= 6; k++) lr[k - 1] = s.getNewValue(k);
        assertArrayEquals(new float[] {0.5f, 1f, 1f, 0.75f, 0.5f, 0.25f}, lr, 1e-6f);
    }

    @Test
    void checkpointsAreEvenlySpaced() {
        TrainSettings t = new TrainSettings(1, 0, 16, 2e-5, 0.1, 0.01, 1, 32, 1, 4);
        assertEquals(java.util.List.of(0, 100, 200, 300), List.copyOf(t.checkpointSteps(300)));
        assertEquals(300, t.totalSteps(4800));
    }
}
