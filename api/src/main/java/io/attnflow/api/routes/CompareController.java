package io.attnflow.api.routes;

import io.attnflow.graph.query.AttentionQueries;
import io.javalin.http.Context;

/** T3: two models (same tokenizer) on one sentence or over a corpus. */
public final class CompareController {
    private final AttentionQueries queries;

    public CompareController(AttentionQueries queries) {
        this.queries = queries;
    }

    /** Per head: shared/only-A/only-B edges, Jaccard, cosine; shared and unique heads; per-layer summaries. */
    public void sentence(Context ctx) {
        ctx.json(queries.compare(
                Params.MODEL_A.get(ctx), Params.MODEL_B.get(ctx), Params.SID_QUERY.get(ctx), Params.TAU.get(ctx)));
    }

    /** The per-head edges above τ in A, in B or in both, optionally of one layer and head. */
    public void edges(Context ctx) {
        ctx.json(queries.compareEdges(
                Params.MODEL_A.get(ctx),
                Params.MODEL_B.get(ctx),
                Params.SID_QUERY.get(ctx),
                Params.TAU.get(ctx),
                Params.LAYER_FILTER.get(ctx),
                Params.HEAD_FILTER.get(ctx)));
    }

    /** Over the sentences both models hold: the heads that changed most, the sentences that differ most. */
    public void corpus(Context ctx) {
        ctx.json(queries.compareCorpus(
                Params.MODEL_A.get(ctx),
                Params.MODEL_B.get(ctx),
                Params.TAU.get(ctx),
                HeadsController.blankToNull(Params.CORPUS.get(ctx))));
    }
}
