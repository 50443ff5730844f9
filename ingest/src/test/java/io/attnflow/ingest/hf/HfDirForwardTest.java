package io.attnflow.ingest.hf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.attnflow.core.model.ForwardResult;
import io.attnflow.core.model.ForwardResult.MaskPrediction;
import io.attnflow.core.model.SentenceInput;
import io.attnflow.core.model.TokenInfo;
import io.attnflow.ingest.AttentionModel;
import io.attnflow.ingest.LoadOptions;
import io.attnflow.ingest.ModelCatalog;
import io.attnflow.ingest.testing.HfDirWriter;
import io.attnflow.ingest.testing.HfDirWriter.Layout;
import io.attnflow.ingest.testing.ReferenceBert;
import io.attnflow.ingest.testing.SafetensorsWriter.DType;
import io.attnflow.ingest.testing.TinyBert;
import io.attnflow.ingest.weights.ModelLoadException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A tiny random BERT written as a Hugging Face directory and opened through the catalog gives exactly the
 * attention, hidden states, logits and MLM predictions that a plain-Java BERT computes from the same arrays.
 */
class HfDirForwardTest {
    private static final double ATTENTION_TOLERANCE = 1e-5;
    private static final double HIDDEN_TOLERANCE = 1e-4;

    @TempDir
    Path tmp;

    private static AttentionModel open(Path dir) {
        return ModelCatalog.standard().open(dir.toString(), LoadOptions.defaults());
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void theCatalogGivesTheAttentionThatTheSameWeightsGiveInPlainJava(Layout layout) throws IOException {
        TinyBert m = layout.random(42);
        Path dir = HfDirWriter.write(m, tmp.resolve(layout.name()), layout, DType.F32);
        try (AttentionModel model = open(dir)) {
            assertEquals("hf-dir", model.info().source());
            assertEquals(layout.modelType, model.info().architecture());
            assertEquals(2, model.info().layers());
            List<SentenceInput> inputs = new ArrayList<>(List.of(SentenceInput.of("The big cat sat on the red mat.")));
            if (!layout.modelType.equals(
                    "roberta")) { // RoBERTa has one token type: its real tokenizer never pairs with type 1
                inputs.add(SentenceInput.pair("A dog ran in the park", "the bird is blue ?"));
            }
            for (SentenceInput in : inputs) {
                ForwardResult r = model.encode(in);
                assertMatchesReference(m, r);
                ReferenceBert ref = new ReferenceBert(m.config, m::get);
                if (layout.labels > 0) {
                    double[] expected = ref.logits(ref.forward(ids(r), types(r)).hidden());
                    for (int k = 0; k < layout.labels; k++) assertEquals(expected[k], r.logits()[k], HIDDEN_TOLERANCE);
                } else {
                    assertNull(r.logits());
                }
            }
            if (layout.mlm) {
                assertMaskPredictionsMatchReference(
                        m, model.encode(SentenceInput.of("the cat [MASK] on the [MASK] .")));
            }
        }
    }

    @Test
    void aBfloat16CheckpointGivesTheAttentionOfItsFloatValues() throws IOException {
        TinyBert m = TinyBert.random(5, 0, false).roundedToBf16();
        Path dir = HfDirWriter.write(m, tmp.resolve("bf16"), Layout.BERT_PREFIXED, DType.BF16);
        try (AttentionModel model = open(dir)) {
            assertMatchesReference(m, model.encode(SentenceInput.of("the small bird sat in the tree")));
        }
    }

    @Test
    void aSequenceClassifierGivesTheLogitsOfThePlainJavaPoolerAndClassifier() throws IOException {
        TinyBert m = TinyBert.random(9, 3, false);
        Path dir = HfDirWriter.write(m, tmp.resolve("cls"), Layout.BERT_SEQUENCE_CLASSIFICATION, DType.F32);
        try (AttentionModel model = open(dir)) {
            ForwardResult r = model.encode(SentenceInput.pair("the cat is big", "a dog was small"));
            ReferenceBert ref = new ReferenceBert(m.config, m::get);
            double[] expected = ref.logits(ref.forward(ids(r), types(r)).hidden());
            assertEquals(3, r.logits().length);
            for (int k = 0; k < 3; k++) assertEquals(expected[k], r.logits()[k], HIDDEN_TOLERANCE, "logit " + k);
            assertEquals(List.of("negative", "positive", "neutral"), model.labels(), "id2label of config.json");
            assertTrue(r.predictions().isEmpty());
        }
    }

    @Test
    void aMaskedLmGivesTheTopPredictionsOfThePlainJavaHeadAtEachMask() throws IOException {
        TinyBert m = TinyBert.random(13, 0, true);
        Path dir = HfDirWriter.write(m, tmp.resolve("mlm"), Layout.BERT_MASKED_LM, DType.F32);
        try (AttentionModel model = open(dir)) {
            ForwardResult r = model.encode(SentenceInput.of("the cat [MASK] on the [MASK] ."));
            assertNull(r.logits());
            assertEquals(2, r.predictions().size());
            assertMaskPredictionsMatchReference(m, r);
        }
    }

    private static void assertMaskPredictionsMatchReference(TinyBert m, ForwardResult r) {
        ReferenceBert ref = new ReferenceBert(m.config, m::get);
        double[][] hidden = ref.forward(ids(r), types(r)).hidden();
        List<Integer> masks = r.tokens().stream()
                .filter(t -> t.text().equals("[MASK]"))
                .map(TokenInfo::pos)
                .toList();
        assertEquals(masks, r.predictions().stream().map(MaskPrediction::pos).toList());
        for (MaskPrediction p : r.predictions()) {
            double[] logits = ref.mlmLogits(hidden, p.pos());
            List<String> expected = IntStream.range(0, logits.length)
                    .boxed()
                    .sorted(Comparator.comparingDouble(v -> -logits[v]))
                    .limit(p.tokens().size())
                    .map(TinyBert.VOCAB::get)
                    .toList();
            assertEquals(expected, p.tokens());
            double max = java.util.Arrays.stream(logits).max().orElseThrow();
            double sum =
                    java.util.Arrays.stream(logits).map(v -> Math.exp(v - max)).sum();
            assertEquals(Math.exp(logits[TinyBert.VOCAB.indexOf(expected.get(0))] - max) / sum, p.probs()[0], 1e-5);
        }
    }

    @Test
    void aCorruptCheckpointFailsThroughTheCatalogWithTheFileNamed() throws IOException {
        Path dir = HfDirWriter.write(TinyBert.random(1, 0, false), tmp.resolve("bad"), Layout.BERT_MODEL, DType.F32);
        java.nio.file.Files.write(dir.resolve("model.safetensors"), new byte[] {1, 2, 3});
        var e = org.junit.jupiter.api.Assertions.assertThrows(ModelLoadException.class, () -> open(dir));
        assertTrue(e.getMessage().contains("model.safetensors is not a valid safetensors file"), e.getMessage());
    }

    @Test
    void aMissingDirectoryIsReportedAsMissing() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(
                ModelLoadException.class, () -> open(tmp.resolve("nowhere")));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    private static void assertMatchesReference(TinyBert m, ForwardResult r) {
        ReferenceBert.Output ref = new ReferenceBert(m.config, m::get).forward(ids(r), types(r));
        float[][][][] got = r.attention().toArray();
        double worst = 0;
        for (int l = 0; l < m.config.layers(); l++)
            for (int h = 0; h < m.config.heads(); h++)
                for (int i = 0; i < r.n(); i++)
                    for (int j = 0; j < r.n(); j++)
                        worst = Math.max(worst, Math.abs(got[l][h][i][j] - ref.attention()[l][h][i][j]));
        assertTrue(worst < ATTENTION_TOLERANCE, "attention differs from the plain-Java reference by " + worst);
        for (int i = 0; i < r.n(); i++) {
            for (int k = 0; k < m.config.hidden(); k++) {
                assertEquals(ref.hidden()[i][k], r.hidden()[i][k], HIDDEN_TOLERANCE, "hidden[" + i + "][" + k + "]");
            }
        }
        // the attention is not trivially uniform: the test would be weak otherwise
        assertTrue(max(got) > 2.0 / r.n(), "the random model's attention should be peaked");
    }

    private static float max(float[][][][] a) {
        float m = 0;
        for (var l : a) for (var h : l) for (var row : h) for (float v : row) m = Math.max(m, v);
        return m;
    }

    /** The ids the reference runs on: the tokens the model reported, looked up in the vocabulary we wrote. */
    private static int[] ids(ForwardResult r) {
        List<Integer> ids = new ArrayList<>();
        for (TokenInfo t : r.tokens()) {
            int id = TinyBert.VOCAB.indexOf(t.text());
            assertTrue(id >= 0, "token " + t.text() + " is not in the vocabulary");
            ids.add(id);
        }
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int[] types(ForwardResult r) {
        return r.tokens().stream().mapToInt(TokenInfo::type).toArray();
    }

    @Test
    void thePairTemplateGivesTypeIdsZeroThenOne() throws IOException {
        Path dir = HfDirWriter.write(TinyBert.random(2, 0, false), tmp.resolve("pair"), Layout.BERT_MODEL, DType.F32);
        try (AttentionModel model = open(dir)) {
            ForwardResult r = model.encode(SentenceInput.pair("the cat", "a dog ran"));
            assertEquals(
                    List.of("[CLS]", "the", "cat", "[SEP]", "a", "dog", "ran", "[SEP]"),
                    r.tokens().stream().map(TokenInfo::text).toList());
            assertArrayEquals(new int[] {0, 0, 0, 0, 1, 1, 1, 1}, types(r));
        }
    }
}
