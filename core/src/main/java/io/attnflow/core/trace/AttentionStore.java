package io.attnflow.core.trace;

import java.util.List;

/**
 * Read access to what ingest stored for one model on one sentence: its tokens and its stored (quantized, floored)
 * attention. The graph module implements it over Neo4j; {@link InMemoryAttentionStore} holds the matrices of a
 * forward pass in memory and is the test oracle. The numbers computed from a run (traces, comparisons) are the same
 * whichever store it came from.
 */
public interface AttentionStore {
    /**
     * The stored run of a model on a sentence.
     *
     * @throws io.attnflow.core.query.UnknownModelException    when the model is not stored
     * @throws io.attnflow.core.query.UnknownSentenceException when the sentence is not stored for it
     */
    StoredRun run(String model, String sid);

    /**
     * One model's stored run on one sentence.
     *
     * @param tokens    the token texts, by position
     * @param attention the stored attention of every head
     */
    record StoredRun(String model, String sid, List<String> tokens, StoredAttention attention) {}
}
