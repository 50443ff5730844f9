package io.attnflow.ingest;

import io.attnflow.core.model.ForwardResult;
import io.attnflow.core.model.ModelInfo;
import io.attnflow.core.model.SentenceInput;
import io.attnflow.core.model.TokenInfo;
import io.attnflow.ingest.forward.BertEncoder;
import io.attnflow.ingest.forward.EncoderOutput;
import io.attnflow.ingest.heads.TaskHeads;
import io.attnflow.ingest.tokenize.ModelTokenizer;
import io.attnflow.ingest.tokenize.TokenizedInput;
import java.util.ArrayList;
import java.util.List;

/** Tokenizer + {@link BertEncoder} + optional {@link TaskHeads}: the {@link AttentionModel} the catalog returns. */
final class BertAttentionModel implements AttentionModel {
    /** Sequences per forward call; bounds the memory of the captured attention. */
    private static final int MAX_BATCH = 16;

    private final ModelInfo info;
    private final ModelTokenizer tokenizer;
    private final BertEncoder encoder;
    private final TaskHeads heads;
    private final LoadOptions options;
    private final List<String> labels;

    BertAttentionModel(ResolvedModel resolved, LoadOptions options) {
        this.info = resolved.info();
        this.tokenizer = resolved.tokenizer();
        this.options = options;
        this.labels = List.copyOf(resolved.weights().labels());
        try {
            this.encoder = new BertEncoder(resolved.weights());
            this.heads = TaskHeads.forWeights(resolved.weights(), tokenizer);
        } catch (RuntimeException e) {
            tokenizer.close();
            throw e;
        }
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public List<String> labels() {
        return labels;
    }

    @Override
    public ForwardResult encode(SentenceInput input) {
        return encodeBatch(List.of(input)).get(0);
    }

    @Override
    public List<TokenInfo> tokenize(SentenceInput input) {
        return tokenizer
                .encode(input.text(), input.textB(), info.maxPositions(), options.truncate())
                .tokens();
    }

    @Override
    public List<ForwardResult> encodeBatch(List<SentenceInput> inputs) {
        List<TokenizedInput> tokenized = new ArrayList<>(inputs.size());
        for (SentenceInput in : inputs) {
            tokenized.add(tokenizer.encode(in.text(), in.textB(), info.maxPositions(), options.truncate()));
        }
        List<ForwardResult> results = new ArrayList<>(inputs.size());
        for (int from = 0; from < inputs.size(); from += MAX_BATCH) {
            int to = Math.min(inputs.size(), from + MAX_BATCH);
            List<TokenizedInput> chunk = tokenized.subList(from, to);
            long[][] ids = chunk.stream().map(TokenizedInput::ids).toArray(long[][]::new);
            long[][] types = chunk.stream().map(TokenizedInput::typeIds).toArray(long[][]::new);
            List<EncoderOutput> outputs = encoder.forward(ids, types);
            for (int k = 0; k < chunk.size(); k++) {
                TokenizedInput t = chunk.get(k);
                EncoderOutput out = outputs.get(k);
                results.add(new ForwardResult(
                        info,
                        inputs.get(from + k),
                        t.tokens(),
                        out.attention(),
                        out.hidden(),
                        heads.logits(out.hidden()),
                        heads.predictions(out.hidden(), t.tokens()),
                        t.truncated()));
            }
        }
        return results;
    }

    @Override
    public void close() {
        try {
            encoder.close();
        } finally {
            tokenizer.close();
        }
    }
}
