package io.attnflow.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.attnflow.core.model.AttentionTensor;
import io.attnflow.core.model.TokenInfo;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeadBehaviourTest {
    // [CLS] the cat sat . [SEP]
    private static final List<TokenInfo> TOKENS = tokens("[CLS]", "the", "cat", "sat", ".", "[SEP]");
    private static final int N = TOKENS.size();

    @Test
    void aPreviousTokenHeadPutsAllButTheFirstRowOnThePreviousToken() {
        float[][] m = new float[N][N];
        m[0][0] = 1;
        for (int i = 1; i < N; i++) m[i][i - 1] = 1;
        HeadBehaviour b = one(m);
        assertEquals((N - 1) / (double) N, b.prev(), 1e-9);
        assertEquals(1 / (double) N, b.self(), 1e-9, "only row 0 looks at itself");
        assertEquals(0, b.next(), 1e-9);
        // a one-hot row smoothed as Clark et al. do: one entry 0.9999 + 0.0001/n, the others 0.0001/n
        double hi = 0.9999 + 0.0001 / N, lo = 0.0001 / N;
        assertEquals(-(hi * Math.log(hi) + (N - 1) * lo * Math.log(lo)), b.entropy(), 1e-9);
        // rows 0 and 1 look at [CLS]; row 5 looks at "." (position 4)
        assertEquals(2 / (double) N, b.cls(), 1e-9);
        assertEquals(1 / (double) N, b.punct(), 1e-9);
        assertEquals(0, b.sep(), 1e-9);
    }

    @Test
    void aUniformHeadHasEntropyLnNAndSpreadsItsMassByClass() {
        float[][] m = new float[N][N];
        for (float[] row : m) java.util.Arrays.fill(row, 1f / N);
        HeadBehaviour b = one(m);
        assertEquals(Math.log(N), b.entropy(), 1e-6);
        assertEquals(1.0 / N, b.cls(), 1e-6);
        assertEquals(1.0 / N, b.sep(), 1e-6);
        assertEquals(1.0 / N, b.punct(), 1e-6);
        assertEquals(1.0 / N, b.self(), 1e-6);
        assertEquals((N - 1.0) / N / N, b.prev(), 1e-6, "row 0 has no previous token");
        assertEquals((N - 1.0) / N / N, b.next(), 1e-6, "the last row has no next token");
    }

    @Test
    void aDelimiterHeadIsSeenAsAttentionToSep() {
        float[][] m = new float[N][N];
        for (float[] row : m) row[N - 1] = 1;
        HeadBehaviour[][] all = HeadBehaviour.ofAll(AttentionTensor.of(new float[][][][] {{m, m}}), TOKENS);
        assertEquals(1, all.length);
        assertEquals(2, all[0].length);
        assertEquals(1.0, all[0][1].sep(), 1e-9);
        assertEquals(1, all[0][1].layer());
        assertEquals(1, all[0][1].head());
    }

    @Test
    void punctuationIsTheFullStopAndTheCommaAsInClarkEtAl() {
        assertTrue(HeadBehaviour.isPunctuation("."));
        assertTrue(HeadBehaviour.isPunctuation("##,"));
        assertTrue(HeadBehaviour.isPunctuation("Ġ,"));
        assertFalse(HeadBehaviour.isPunctuation("?"));
        assertFalse(HeadBehaviour.isPunctuation(";"));
        assertFalse(HeadBehaviour.isPunctuation("«"));
        assertFalse(HeadBehaviour.isPunctuation("?!"));
        assertFalse(HeadBehaviour.isPunctuation("##s"));
        assertFalse(HeadBehaviour.isPunctuation("a."));
        assertFalse(HeadBehaviour.isPunctuation(""));
    }

    private static HeadBehaviour one(float[][] m) {
        return HeadBehaviour.of(AttentionTensor.of(new float[][][][] {{m}}), 1, 0, TOKENS);
    }

    private static List<TokenInfo> tokens(String... pieces) {
        List<TokenInfo> list = new ArrayList<>();
        for (int i = 0; i < pieces.length; i++) {
            boolean special = pieces[i].startsWith("[");
            list.add(new TokenInfo(i, pieces[i], special, false, special ? -1 : 0, special ? -1 : 1, 0));
        }
        return list;
    }
}
