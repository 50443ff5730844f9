package io.attnflow.api.routes;

import io.attnflow.core.query.UnknownModelException;
import io.attnflow.graph.query.AttentionQueries;
import io.attnflow.graph.query.RunInfo;
import io.attnflow.graph.read.GraphReader;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** T2: what heads do — importance in a trace and over a corpus, Clark behaviour, and attention rollout. */
public final class HeadsController {
    private final AttentionQueries queries;
    private final GraphReader reader;

    public HeadsController(AttentionQueries queries, GraphReader reader) {
        this.queries = queries;
        this.reader = reader;
    }

    /**
     * Attention-rollout relevance of each input token for {@code [CLS]}, and its attention flow (max-flow).
     *
     * @param model         the model id
     * @param sid           the sentence id
     * @param tokens        the token texts, by position
     * @param rollout       the relevance of each token (the {@code [CLS]} row of R_L)
     * @param attentionFlow the attention flow (max-flow) from {@code [CLS]} to each token, or null when ingest did
     *                      not compute it (a sentence longer than its bound)
     */
    public record RolloutResult(
            String model, String sid, List<String> tokens, double[] rollout, double[] attentionFlow) {}

    /** Every head on one sentence: importance in the backward {@code [CLS]} trace at τ, and its behaviour. */
    public void sentence(Context ctx) {
        ctx.json(queries.heads(Params.MODEL.get(ctx), Params.SID.get(ctx), Params.TAU.get(ctx)));
    }

    public void rollout(Context ctx) {
        RunInfo info = queries.runInfo(Params.MODEL.get(ctx), Params.SID.get(ctx));
        ctx.json(new RolloutResult(info.model(), info.sid(), info.tokens(), info.rollout(), info.attentionFlow()));
    }

    /** Head importance over a corpus: mean per sentence, and in how many sentences' traces the head appears. */
    public void corpusImportance(Context ctx) {
        ctx.json(queries.headImportance(
                Params.MODEL.get(ctx), Params.TAU.get(ctx), blankToNull(Params.CORPUS.get(ctx))));
    }

    /** Clark et al. behaviour of every head, averaged over the model's sentences. */
    public void corpusBehaviour(Context ctx) {
        String model = Params.MODEL.get(ctx);
        if (reader.model(model).isEmpty()) throw new UnknownModelException(model);
        Map<String, Object> params = new HashMap<>();
        params.put("model", model);
        params.put("sid", null);
        ctx.json(queries.run("head_behaviour", params));
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
