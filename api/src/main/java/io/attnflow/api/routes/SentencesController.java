package io.attnflow.api.routes;

import io.attnflow.api.error.BadRequestException;
import io.attnflow.core.model.Prediction;
import io.attnflow.core.query.NotFoundException;
import io.attnflow.core.query.UnknownModelException;
import io.attnflow.core.query.UnknownSentenceException;
import io.attnflow.graph.read.GraphReader;
import io.attnflow.graph.read.GraphReader.SentenceFilter;
import io.attnflow.graph.read.GraphReader.StoredModel;
import io.attnflow.graph.read.GraphReader.StoredToken;
import io.javalin.http.Context;
import java.util.List;

/** Stored sentences: listing and search, one sentence's tokens, and one head's raw attention. */
public final class SentencesController {
    private final GraphReader reader;

    public SentencesController(GraphReader reader) {
        this.reader = reader;
    }

    /**
     * One head's attention matrix for a sentence, as stored (weights below the model's floor read 0).
     *
     * @param model   the model id
     * @param sid     the sentence id
     * @param layer   1..L
     * @param head    0-based
     * @param floor   the store floor
     * @param tokens  the token texts, by position
     * @param weights [i][j] = A^layer_head[i, j]: what token i attends to
     */
    public record AttentionMatrix(
            String model, String sid, int layer, int head, double floor, List<String> tokens, float[][] weights) {}

    /**
     * A sentence's input tokens for a model, with the model's prediction on it.
     *
     * @param tokens     the layer-0 tokens in order, with rollout and the corpus's error marks
     * @param prediction the stored classifier prediction with the gold label, or null when the model has no
     *     classifier head
     */
    public record SentenceTokens(String model, String sid, List<StoredToken> tokens, Prediction prediction) {}

    public void list(Context ctx) {
        String model = Params.MODEL_FILTER.get(ctx);
        ctx.json(reader.sentences(new SentenceFilter(
                blankToNull(Params.Q.get(ctx)),
                blankToNull(model),
                blankToNull(Params.CORPUS.get(ctx)),
                Params.OFFSET.get(ctx),
                Params.LIMIT.get(ctx))));
    }

    public void one(Context ctx) {
        String sid = Params.SID.get(ctx);
        ctx.json(reader.sentence(sid)
                .orElseThrow(() -> new NotFoundException("no sentence with id " + sid
                        + " is stored: find ids with GET /api/sentences?q=..., or ingest it first")));
    }

    public void tokens(Context ctx) {
        String model = Params.MODEL.get(ctx), sid = Params.SID.get(ctx);
        List<StoredToken> tokens = reader.tokens(model, sid);
        if (tokens.isEmpty()) throw missing(model, sid);
        ctx.json(new SentenceTokens(
                model, sid, tokens, reader.prediction(model, sid).orElse(null)));
    }

    public void attention(Context ctx) {
        String model = Params.MODEL.get(ctx), sid = Params.SID.get(ctx);
        int layer = Params.LAYER.get(ctx), head = Params.HEAD.get(ctx);
        StoredModel m = reader.model(model).orElseThrow(() -> new UnknownModelException(model));
        if (layer > m.layers()) {
            throw new BadRequestException(
                    "layer", "layer " + layer + " is outside 1.." + m.layers() + " for model " + model);
        }
        if (head >= m.heads()) {
            throw new BadRequestException(
                    "head", "head " + head + " is outside 0.." + (m.heads() - 1) + " for model " + model);
        }
        float[][] weights = reader.attention(model, sid, layer, head).orElseThrow(() -> missing(model, sid));
        List<String> tokens =
                reader.tokens(model, sid).stream().map(StoredToken::text).toList();
        ctx.json(new AttentionMatrix(model, sid, layer, head, m.floor(), tokens, weights));
    }

    private RuntimeException missing(String model, String sid) {
        if (reader.model(model).isEmpty()) return new UnknownModelException(model);
        return new UnknownSentenceException(model, sid);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
