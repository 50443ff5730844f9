package io.attnflow.ingest.weights;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Checks that a set of canonical tensors is complete and shaped as its {@link BertConfig} says, so that a wrong
 * or partial checkpoint fails at load time with the names of the missing or misshapen tensors rather than deep
 * inside the forward pass.
 */
public final class WeightsCheck {
    private WeightsCheck() {}

    /** Throws a {@link ModelLoadException} naming every problem, prefixed by {@code origin}. */
    public static void validate(BertWeights w, String origin) {
        BertConfig c = w.config();
        List<String> problems = new ArrayList<>();
        int h = c.hidden();
        expect(w, problems, "embeddings.word_embeddings.weight", c.vocabSize(), h);
        expect(w, problems, "embeddings.position_embeddings.weight", c.maxPositions(), h);
        if (c.typeVocabSize() > 0) {
            expect(w, problems, "embeddings.token_type_embeddings.weight", c.typeVocabSize(), h);
        }
        expect(w, problems, "embeddings.LayerNorm.weight", h);
        expect(w, problems, "embeddings.LayerNorm.bias", h);
        if (h % c.heads() != 0) {
            problems.add("hidden size " + h + " is not a multiple of " + c.heads() + " heads");
        }
        for (int i = 0; i < c.layers(); i++) {
            String p = "encoder.layer." + i + ".";
            for (String qkv : new String[] {"query", "key", "value"}) {
                expect(w, problems, p + "attention.self." + qkv + ".weight", h, h);
                expect(w, problems, p + "attention.self." + qkv + ".bias", h);
            }
            expect(w, problems, p + "attention.output.dense.weight", h, h);
            expect(w, problems, p + "attention.output.dense.bias", h);
            expect(w, problems, p + "attention.output.LayerNorm.weight", h);
            expect(w, problems, p + "attention.output.LayerNorm.bias", h);
            expect(w, problems, p + "intermediate.dense.weight", c.intermediate(), h);
            expect(w, problems, p + "intermediate.dense.bias", c.intermediate());
            expect(w, problems, p + "output.dense.weight", h, c.intermediate());
            expect(w, problems, p + "output.dense.bias", h);
            expect(w, problems, p + "output.LayerNorm.weight", h);
            expect(w, problems, p + "output.LayerNorm.bias", h);
        }
        if (w.has("classifier.weight")) {
            expect(w, problems, "pooler.dense.weight", h, h);
            expect(w, problems, "pooler.dense.bias", h);
            long labels = w.require("classifier.weight").shape()[0];
            expect(w, problems, "classifier.weight", labels, h);
            expect(w, problems, "classifier.bias", labels);
        }
        if (w.has("cls.predictions.bias")) {
            expect(w, problems, "cls.predictions.transform.dense.weight", h, h);
            expect(w, problems, "cls.predictions.transform.dense.bias", h);
            expect(w, problems, "cls.predictions.transform.LayerNorm.weight", h);
            expect(w, problems, "cls.predictions.transform.LayerNorm.bias", h);
            expect(w, problems, "cls.predictions.bias", c.vocabSize());
            if (w.has("cls.predictions.decoder.weight")) {
                expect(w, problems, "cls.predictions.decoder.weight", c.vocabSize(), h);
            }
        }
        if (!problems.isEmpty()) {
            int shown = Math.min(problems.size(), 8);
            throw new ModelLoadException(origin + " does not hold a complete " + c.architecture() + " model ("
                    + c.layers() + " layers, hidden " + h + "): " + String.join("; ", problems.subList(0, shown))
                    + (problems.size() > shown ? "; and " + (problems.size() - shown) + " more" : ""));
        }
    }

    private static void expect(BertWeights w, List<String> problems, String name, long... shape) {
        Tensor t = w.tensors().get(name);
        if (t == null) {
            problems.add("missing " + name);
        } else if (!Arrays.equals(t.shape(), shape)) {
            problems.add(name + " has shape " + Arrays.toString(t.shape()) + ", expected " + Arrays.toString(shape));
        }
    }
}
