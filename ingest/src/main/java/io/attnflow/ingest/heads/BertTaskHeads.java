package io.attnflow.ingest.heads;

import io.attnflow.core.model.ForwardResult.MaskPrediction;
import io.attnflow.core.model.TokenInfo;
import io.attnflow.ingest.tokenize.ModelTokenizer;
import io.attnflow.ingest.weights.BertWeights;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The heads a BERT-family checkpoint carries: {@link SequenceClassifierHead} when it has {@code pooler.*} and
 * {@code classifier.*}, {@link MaskedLmHead} when it has {@code cls.predictions.*}. Masked positions are the tokens
 * whose text is the tokenizer's mask token ({@code [MASK]}, or {@code <mask>} for RoBERTa).
 */
public final class BertTaskHeads implements TaskHeads {
    /** How many predictions to report per masked position. */
    public static final int TOP_K = 10;

    private final SequenceClassifierHead classifier;
    private final MaskedLmHead mlm;
    private final ModelTokenizer tokenizer;
    private final String maskToken;

    private BertTaskHeads(BertWeights w, ModelTokenizer tokenizer) {
        this.classifier = SequenceClassifierHead.present(w) ? new SequenceClassifierHead(w) : null;
        this.mlm = MaskedLmHead.present(w) ? new MaskedLmHead(w) : null;
        this.tokenizer = tokenizer;
        this.maskToken = tokenizer.id("[MASK]") >= 0 ? "[MASK]" : "<mask>";
    }

    /** The heads {@code w} has, or {@link TaskHeads#NONE}. */
    public static TaskHeads forWeights(BertWeights w, ModelTokenizer tokenizer) {
        if (!SequenceClassifierHead.present(w) && !MaskedLmHead.present(w)) return TaskHeads.NONE;
        return new BertTaskHeads(w, tokenizer);
    }

    @Override
    public float[] logits(float[][] hidden) {
        return classifier == null ? null : classifier.logits(hidden);
    }

    @Override
    public List<MaskPrediction> predictions(float[][] hidden, List<TokenInfo> tokens) {
        if (mlm == null) return List.of();
        List<MaskPrediction> out = new ArrayList<>();
        for (TokenInfo t : tokens) {
            if (t.text().equals(maskToken)) out.add(predict(t.pos(), mlm.logits(hidden[t.pos()])));
        }
        return out;
    }

    private MaskPrediction predict(int pos, double[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : logits) max = Math.max(max, v);
        double sum = 0;
        for (double v : logits) sum += Math.exp(v - max);
        // a min-heap of the k best ids
        PriorityQueue<Integer> best = new PriorityQueue<>((a, b) -> Double.compare(logits[a], logits[b]));
        for (int v = 0; v < logits.length; v++) {
            if (best.size() < TOP_K) best.add(v);
            else if (logits[v] > logits[best.peek()]) {
                best.poll();
                best.add(v);
            }
        }
        List<Integer> ids = new ArrayList<>(best);
        ids.sort((a, b) -> Double.compare(logits[b], logits[a]));
        List<String> words = new ArrayList<>();
        float[] probs = new float[ids.size()];
        for (int i = 0; i < ids.size(); i++) {
            words.add(tokenizer.token(ids.get(i)));
            probs[i] = (float) (Math.exp(logits[ids.get(i)] - max) / sum);
        }
        return new MaskPrediction(pos, List.copyOf(words), probs);
    }
}
