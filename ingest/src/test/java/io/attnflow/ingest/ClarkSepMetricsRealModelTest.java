package io.attnflow.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.attnflow.core.metrics.HeadBehaviour;
import io.attnflow.core.model.ForwardResult;
import io.attnflow.core.model.SentenceInput;
import io.attnflow.core.model.TokenInfo;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Clark et al.'s {@code sep_sep} and {@code rest_sep} on real bge-small-en-v1.5 attention, against a literal port of
 * their notebook's selectors written here (masks over the token strings, their denominators 2 and n − 2) on a pair,
 * which has two {@code [SEP]}s as all their inputs did, and against the per-row means on a single sentence.
 */
class ClarkSepMetricsRealModelTest {
    static AttentionModel model;

    @BeforeAll
    static void open() {
        model = ModelCatalog.standard().open("bge-small-en-v1.5", LoadOptions.defaults());
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void onAPairTheyEqualTheirNotebooksSelectorsAndDenominators() {
        ForwardResult r = model.encode(SentenceInput.pair("A man is playing a guitar.", "Someone plays music."));
        List<String> words = r.tokens().stream().map(TokenInfo::text).toList();
        int n = r.n();
        double[] seps = new double[n];
        for (int p = 0; p < n; p++) seps[p] = words.get(p).equals("[SEP]") ? 1 : 0;
        assertEquals(2, java.util.Arrays.stream(seps).sum());
        HeadBehaviour[][] all = HeadBehaviour.ofAll(r.attention(), r.tokens());
        for (int l = 1; l <= r.attention().layers(); l++) {
            for (int h = 0; h < r.attention().heads(); h++) {
                double sepSep = 0, restSep = 0;
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        double a = r.attention().weight(l, h, i, j);
                        sepSep += a * seps[j] * seps[i]; // sep_seps = ones * seps[newaxis] * seps[:, newaxis]
                        restSep += a * seps[j] * (1 - seps[i]); // rest_seps = ones * (1 - seps)[:, newaxis] * seps
                    }
                }
                HeadBehaviour b = all[l - 1][h];
                assertEquals(sepSep / 2, b.sepSep(), 1e-9, l + ":" + h + " sep_sep");
                assertEquals(restSep / (n - 2), b.restSep(), 1e-9, l + ":" + h + " rest_sep");
            }
        }
    }

    @Test
    void onASingleSentenceTheOneSepRowAndTheOtherRowsAreAveraged() {
        ForwardResult r = model.encode(SentenceInput.of("The movie was not good at all."));
        int n = r.n(), sep = n - 1;
        assertEquals("[SEP]", r.tokens().get(sep).text());
        HeadBehaviour b = HeadBehaviour.of(r.attention(), 3, 5, r.tokens());
        double rest = 0;
        for (int i = 0; i < sep; i++) rest += r.attention().weight(3, 5, i, sep);
        assertEquals(r.attention().weight(3, 5, sep, sep), b.sepSep(), 1e-9);
        assertEquals(rest / (n - 1), b.restSep(), 1e-9);
        assertTrue(b.sepSep() >= 0 && b.sepSep() <= 1 && b.restSep() >= 0 && b.restSep() <= 1);
    }
}
