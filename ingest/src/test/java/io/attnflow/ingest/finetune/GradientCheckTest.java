package io.attnflow.ingest.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import io.attnflow.ingest.testing.TinyBert;
import io.attnflow.ingest.weights.BertWeights;
import io.attnflow.ingest.weights.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The autograd gradients of the fine-tuning loss, through the project's own encoder ops, equal central finite
 * differences of the same loss on a tiny random BERT in float64, to 1e-3 relative.
 */
class GradientCheckTest {
    private static final double H = 1e-6;

    static BertWeights weights(TinyBert m) {
        Map<String, Tensor> t = new LinkedHashMap<>();
        m.values.forEach((k, v) -> t.put(k, new Tensor(m.shapes.get(k), v)));
        return new BertWeights(m.config, t, List.of(), "test");
    }

    /** Two padded sequences of different lengths (ids from the tiny vocabulary; [PAD] = 0 never used as input). */
    private static final List<Example> BATCH = List.of(
            new Example("a", new long[] {2, 5, 7, 9, 11, 13, 3}, new long[] {0, 0, 0, 0, 0, 0, 0}, 1),
            new Example("b", new long[] {2, 24, 18, 26, 3, 8, 3}, new long[] {0, 0, 0, 0, 0, 1, 1}, 0),
            new Example("c", new long[] {2, 15, 8, 3}, new long[] {0, 0, 0, 0}, 1));

    private static double loss(TrainableBert model) {
        try (NDManager m = model.manager().newSubManager()) {
            long[][] ids = BATCH.stream().map(Example::ids).toArray(long[][]::new);
            long[][] types = BATCH.stream().map(Example::typeIds).toArray(long[][]::new);
            int[] gold = BATCH.stream().mapToInt(Example::label).toArray();
            return TrainableBert.crossEntropy(m, model.logits(m, ids, types), gold)
                    .getDouble();
        }
    }

    @Test
    void autogradMatchesFiniteDifferences() {
        TinyBert tiny = TinyBert.random(7, 0, false);
        try (TrainableBert model = new TrainableBert(weights(tiny), 2, 3, DataType.FLOAT64)) {
            // the head is initialised at N(0, 0.02²): scale it up so that the encoder's gradients are not tiny
            model.parameters().get("classifier.weight").muli(50);
            double analyticLoss;
            try (NDManager m = model.manager().newSubManager()) {
                analyticLoss = Finetuner.backward(model, m, BATCH, new int[] {0, 1, 2});
            }
            assertEquals(loss(model), analyticLoss, 1e-12);
            // {parameter, flat index}: embeddings, every kind of layer tensor, both layers, pooler and classifier
            Object[][] probes = {
                {"embeddings.word_embeddings.weight", 7 * 8 + 3},
                {"embeddings.word_embeddings.weight", 24 * 8 + 5},
                {"embeddings.position_embeddings.weight", 2 * 8 + 1},
                {"embeddings.token_type_embeddings.weight", 8 + 6},
                {"embeddings.LayerNorm.weight", 4},
                {"encoder.layer.0.attention.self.query.weight", 13},
                {"encoder.layer.0.attention.self.key.weight", 2}, // (the key bias has none: softmax ignores it)
                {"encoder.layer.1.attention.self.query.bias", 6},
                {"encoder.layer.0.attention.self.value.weight", 40},
                {"encoder.layer.0.attention.output.dense.weight", 9},
                {"encoder.layer.0.attention.output.LayerNorm.bias", 5},
                {"encoder.layer.1.intermediate.dense.weight", 77},
                {"encoder.layer.1.output.dense.bias", 3},
                {"encoder.layer.1.output.LayerNorm.weight", 6},
                {"pooler.dense.weight", 21},
                {"classifier.weight", 11},
                {"classifier.bias", 1}
            };
            double worst = 0;
            for (Object[] probe : probes) {
                String name = (String) probe[0];
                int index = (int) probe[1];
                NDArray p = model.parameters().get(name);
                double analytic;
                try (NDArray g = p.getGradient()) {
                    analytic = g.flatten().getDouble(index);
                }
                double fd = finiteDifference(model, p, index);
                double rel = Math.abs(analytic - fd) / Math.max(Math.max(Math.abs(analytic), Math.abs(fd)), 1e-9);
                worst = Math.max(worst, rel);
                assertTrue(rel < 1e-3, name + "[" + index + "]: autograd " + analytic + " vs finite difference " + fd);
                assertTrue(Math.abs(fd) > 1e-9, name + "[" + index + "] has no gradient to check");
            }
            System.out.printf("gradient check: worst relative error %.2e over %d entries%n", worst, probes.length);
            // [PAD] (id 0) is never an input: its row gets exactly zero gradient, padding leaks nowhere
            try (NDArray g = model.parameters()
                            .get("embeddings.word_embeddings.weight")
                            .getGradient();
                    NDArray row = g.get(0);
                    NDArray abs = row.abs();
                    NDArray max = abs.max()) {
                assertEquals(0.0, max.getDouble());
            }
        }
    }

    private static double finiteDifference(TrainableBert model, NDArray p, int index) {
        long[] shape = p.getShape().getShape();
        NDIndex at = shape.length == 1 ? new NDIndex(index) : new NDIndex(index / shape[1], index % shape[1]);
        double original;
        try (NDArray flat = p.flatten()) {
            original = flat.getDouble(index);
        }
        p.set(at, original + H);
        double plus = loss(model);
        p.set(at, original - H);
        double minus = loss(model);
        p.set(at, original);
        return (plus - minus) / (2 * H);
    }
}
