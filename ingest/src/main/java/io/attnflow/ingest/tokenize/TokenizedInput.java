package io.attnflow.ingest.tokenize;

import io.attnflow.core.model.TokenInfo;
import java.util.List;

/**
 * A sentence or pair after tokenization, ready for the forward pass.
 *
 * @param ids       vocabulary ids, special tokens included
 * @param typeIds   token type ids (0 for sentence A, 1 for sentence B)
 * @param tokens    one {@link TokenInfo} per id
 * @param truncated true when tokens were dropped to fit the model (only when truncation was asked for)
 */
public record TokenizedInput(long[] ids, long[] typeIds, List<TokenInfo> tokens, boolean truncated) {
    public int length() {
        return ids.length;
    }
}
