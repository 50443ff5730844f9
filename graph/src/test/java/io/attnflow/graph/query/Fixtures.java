package io.attnflow.graph.query;

import io.attnflow.core.model.AttentionTensor;
import io.attnflow.core.model.ForwardResult;
import io.attnflow.core.model.ModelInfo;
import io.attnflow.core.model.SentenceInput;
import io.attnflow.core.model.TokenInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Synthetic forward results with controllable attention: peaky rows (one or two strong keys) and flat rows. */
final class Fixtures {
    private Fixtures() {}

    static ModelInfo model(String id, int layers, int heads) {
        return new ModelInfo(id, "synthetic " + id, "bert", layers, heads, 8, 100, 512, "test", "sha-" + id);
    }

    /** Softmax rows; each row is peaky with probability {@code peaky}, else flat-ish. */
    static AttentionTensor attention(long seed, int layers, int heads, int n, double peaky) {
        Random r = new Random(seed);
        float[] data = new float[layers * heads * n * n];
        for (int row = 0; row < layers * heads * n; row++) {
            double sharp = r.nextDouble() < peaky ? 6 : 0.3;
            double[] e = new double[n];
            double sum = 0;
            for (int j = 0; j < n; j++) sum += e[j] = Math.exp(sharp * r.nextGaussian());
            for (int j = 0; j < n; j++) data[row * n + j] = (float) (e[j] / sum);
        }
        return new AttentionTensor(layers, heads, n, data);
    }

    /** {@code [CLS] w1 … . [SEP]}, or a pair {@code [CLS] a… [SEP] b… [SEP]} when {@code pairAt} > 0. */
    static List<TokenInfo> tokens(int n, int pairAt) {
        List<TokenInfo> tokens = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean cls = i == 0, sep = n > 1 && (i == n - 1 || (pairAt > 0 && i == pairAt));
            String text = cls ? "[CLS]" : sep ? "[SEP]" : i % 5 == 3 ? "," : "w" + i;
            int type = pairAt > 0 && i > pairAt ? 1 : 0;
            tokens.add(new TokenInfo(i, text, cls || sep, false, cls || sep ? -1 : i, cls || sep ? -1 : i + 1, type));
        }
        return tokens;
    }

    static ForwardResult forward(ModelInfo model, SentenceInput input, List<TokenInfo> tokens, AttentionTensor a) {
        return new ForwardResult(model, input, tokens, a, new float[tokens.size()][0], null, List.of(), false);
    }

    static List<String> texts(List<TokenInfo> tokens) {
        return tokens.stream().map(TokenInfo::text).toList();
    }
}
