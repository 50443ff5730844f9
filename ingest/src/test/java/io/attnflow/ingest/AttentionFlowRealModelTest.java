package io.attnflow.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.attnflow.core.metrics.AttentionFlow;
import io.attnflow.core.metrics.AttentionFlow.Solver;
import io.attnflow.core.model.AttentionTensor;
import io.attnflow.core.model.SentenceInput;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Attention flow (max-flow) on real bge-small-en-v1.5 attention of one sentence (12 layers, 12 heads). */
class AttentionFlowRealModelTest {
    static AttentionModel model;
    static AttentionTensor attention;

    @BeforeAll
    static void encode() {
        model = ModelCatalog.standard().open("bge-small-en-v1.5", LoadOptions.defaults());
        attention = model.encode(SentenceInput.of("The quick brown fox jumps over the lazy dog."))
                .attention();
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void theClsFlowIsFiniteNonNegativeAndNormalised() {
        double[] flow = AttentionFlow.clsRow(attention);
        assertEquals(attention.n(), flow.length);
        double sum = 0;
        for (int j = 0; j < flow.length; j++) {
            assertTrue(Double.isFinite(flow[j]) && flow[j] >= 0, "token " + j + ": " + flow[j]);
            sum += flow[j];
        }
        assertEquals(1.0, sum, 1e-12);
    }

    @Test
    void everyExactSolverGivesTheSameFlowOnRealAttention() {
        double[] reference = AttentionFlow.row(attention, 0, Solver.EDMONDS_KARP);
        for (Solver solver : Solver.values()) {
            assertArrayEquals(reference, AttentionFlow.row(attention, 0, solver), 1e-9, solver.name());
        }
    }
}
