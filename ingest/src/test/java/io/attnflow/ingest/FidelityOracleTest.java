package io.attnflow.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15.BgeSmallEnV15EmbeddingModel;
import io.attnflow.core.model.ForwardResult;
import io.attnflow.core.model.SentenceInput;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The oracle: langchain4j runs the very same ONNX files in ONNX Runtime, in-process. Our forward pass on DJL's
 * PyTorch engine, with the weights read from those files, must give the same sentence embeddings.
 */
class FidelityOracleTest {

    /** Different lengths, punctuation, a number, a rare word split into pieces. */
    static final List<String> SENTENCES = List.of(
            "Hi.",
            "The cat sat on the mat.",
            "A man is playing a guitar on the stage while the crowd sings along.",
            "Attention flows show how information moves between the tokens of a transformer, layer by layer.",
            "In 1969, Apollo 11 landed on the Moon; Neil Armstrong and Buzz Aldrin walked on its surface for about "
                    + "two and a quarter hours, while Michael Collins orbited above in the command module Columbia.",
            "Unbelievably, the antidisestablishmentarianism debate resurfaced.");

    @Test
    void bgeSmallEnV15ClsEmbeddingMatchesOnnxRuntime() {
        assertMatches("bge-small-en-v1.5", new BgeSmallEnV15EmbeddingModel(), FidelityOracleTest::clsPool);
    }

    @Test
    void allMiniLmL6V2MeanEmbeddingMatchesOnnxRuntime() {
        assertMatches("all-minilm-l6-v2", new AllMiniLmL6V2EmbeddingModel(), FidelityOracleTest::meanPool);
    }

    private static void assertMatches(String id, EmbeddingModel oracle, Function<float[][], float[]> pool) {
        try (AttentionModel model = ModelCatalog.standard().open(id, LoadOptions.defaults())) {
            for (String sentence : SENTENCES) {
                ForwardResult ours = model.encode(SentenceInput.of(sentence));
                float[] expected = oracle.embed(sentence).content().vector();
                float[] actual = normalize(pool.apply(ours.hidden()));
                assertEquals(expected.length, actual.length);
                double cosine = cosine(expected, actual);
                assertTrue(
                        cosine >= 0.99999, id + " on '" + sentence + "' (" + ours.n() + " tokens): cosine " + cosine);
            }
        }
    }

    static float[] clsPool(float[][] hidden) {
        return hidden[0].clone();
    }

    static float[] meanPool(float[][] hidden) {
        float[] mean = new float[hidden[0].length];
        for (float[] row : hidden) for (int k = 0; k < mean.length; k++) mean[k] += row[k] / hidden.length;
        return mean;
    }

    static float[] normalize(float[] v) {
        double norm = 0;
        for (float x : v) norm += x * x;
        float inv = (float) (1 / Math.sqrt(norm));
        float[] out = new float[v.length];
        for (int k = 0; k < v.length; k++) out[k] = v[k] * inv;
        return out;
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int k = 0; k < a.length; k++) {
            dot += (double) a[k] * b[k];
            na += (double) a[k] * a[k];
            nb += (double) b[k] * b[k];
        }
        return dot / Math.sqrt(na * nb);
    }
}
