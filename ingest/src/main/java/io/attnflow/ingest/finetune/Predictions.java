package io.attnflow.ingest.finetune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;

/** Runs a {@link TrainableBert} forward (no gradients) over sentences, in batches. */
public final class Predictions {
    private Predictions() {}

    /** Logits per example, {@code [examples][labels]}. */
    public static float[][] logits(TrainableBert model, List<Example> examples, int batch) {
        List<float[]> out = new ArrayList<>(examples.size());
        for (int from = 0; from < examples.size(); from += batch) {
            List<Example> chunk = examples.subList(from, Math.min(examples.size(), from + batch));
            long[][] ids = chunk.stream().map(Example::ids).toArray(long[][]::new);
            long[][] types = chunk.stream().map(Example::typeIds).toArray(long[][]::new);
            try (NDManager m = model.manager().newSubManager()) {
                NDArray logits = model.logits(m, ids, types);
                float[] flat = logits.toType(DataType.FLOAT32, false).toFloatArray();
                int labels = model.labels();
                for (int k = 0; k < chunk.size(); k++) {
                    float[] row = new float[labels];
                    System.arraycopy(flat, k * labels, row, 0, labels);
                    out.add(row);
                }
            }
        }
        return out.toArray(float[][]::new);
    }

    /** The arg-max class of each row. */
    public static int[] argmax(float[][] logits) {
        int[] p = new int[logits.length];
        for (int i = 0; i < logits.length; i++) {
            for (int k = 1; k < logits[i].length; k++) if (logits[i][k] > logits[i][p[i]]) p[i] = k;
        }
        return p;
    }
}
