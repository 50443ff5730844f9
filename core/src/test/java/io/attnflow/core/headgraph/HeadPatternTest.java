package io.attnflow.core.headgraph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.attnflow.core.model.AttentionTensor;
import io.attnflow.core.trace.StoredAttention;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

class HeadPatternTest {
    static final List<String> TOKENS = List.of(
            "[CLS]", "the", "old", "cat", "sat", "on", "the", "red", "mat", "by", "the", "door", "all", "day", "long",
            ".", "[SEP]");
    static final int N = TOKENS.size();

    /** One head whose row i spreads its mass over the positions {@code weight(i, j)} gives (normalised). */
    static HeadPattern label(BiFunction<Integer, Integer, Double> weight) {
        float[] data = new float[N * N];
        for (int i = 0; i < N; i++) {
            double sum = 0;
            for (int j = 0; j < N; j++) sum += weight.apply(i, j);
            for (int j = 0; j < N; j++) data[i * N + j] = (float) (weight.apply(i, j) / sum);
        }
        StoredAttention a = StoredAttention.of(new AttentionTensor(1, 1, N, data), 0.01);
        return HeadPattern.of(HeadPattern.Shares.of(a, 1, 0, TOKENS));
    }

    @Test
    void theFiveKovalevaPatternsFollowTheDocumentedRules() {
        assertEquals(HeadPattern.VERTICAL, label((i, j) -> j == 0 || j == N - 1 ? 1.0 : 0.0));
        assertEquals(HeadPattern.DIAGONAL, label((i, j) -> j.equals(i) ? 1.0 : 0.0));
        assertEquals(HeadPattern.VERTICAL_DIAGONAL, label((i, j) -> j == 0 || j == i + 1 ? 1.0 : 0.0));
        assertEquals(HeadPattern.BLOCK, label((i, j) -> Math.abs(i - j) >= 2 && Math.abs(i - j) <= 3 ? 1.0 : 0.0));
        assertEquals(HeadPattern.HETEROGENEOUS, label((i, j) -> 1.0));
        assertEquals("vertical+diagonal", HeadPattern.VERTICAL_DIAGONAL.label());
    }
}
