package io.attnflow.core.trace;

import io.attnflow.core.query.UnknownModelException;
import io.attnflow.core.query.UnknownSentenceException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** An {@link AttentionStore} over matrices held in memory: the oracle the graph's store is tested against. */
public final class InMemoryAttentionStore implements AttentionStore {
    private final Map<String, Map<String, StoredRun>> runs = new HashMap<>();

    /** Adds (or replaces) a model's run on a sentence. */
    public InMemoryAttentionStore put(String model, String sid, List<String> tokens, StoredAttention attention) {
        runs.computeIfAbsent(model, m -> new HashMap<>()).put(sid, new StoredRun(model, sid, tokens, attention));
        return this;
    }

    @Override
    public StoredRun run(String model, String sid) {
        Map<String, StoredRun> ofModel = runs.get(model);
        if (ofModel == null) throw new UnknownModelException(model);
        StoredRun run = ofModel.get(sid);
        if (run == null) throw new UnknownSentenceException(model, sid);
        return run;
    }
}
