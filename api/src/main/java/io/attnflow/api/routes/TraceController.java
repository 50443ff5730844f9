package io.attnflow.api.routes;

import io.attnflow.core.trace.Direction;
import io.attnflow.core.trace.TraceRequest;
import io.attnflow.graph.query.AttentionQueries;
import io.javalin.http.Context;
import java.time.Duration;

/**
 * T1: backward and forward traces, answered with the trace JSON contract ({@code TraceResult}), or the same trace
 * with its edges as columns ({@link TraceColumns}).
 */
public final class TraceController {
    private final AttentionQueries queries;

    public TraceController(AttentionQueries queries) {
        this.queries = queries;
    }

    public void trace(Context ctx) {
        ctx.json(queries(ctx).trace(request(ctx)));
    }

    public void columns(Context ctx) {
        ctx.json(TraceColumns.of(queries(ctx).scaledTrace(request(ctx))));
    }

    /** The queries with the request's own time budget ({@code timeoutMs}), if it names one. */
    private AttentionQueries queries(Context ctx) {
        Integer ms = Params.TIMEOUT_MS.get(ctx);
        return ms == null ? queries : queries.withTimeout(Duration.ofMillis(ms));
    }

    private static TraceRequest request(Context ctx) {
        return new TraceRequest(
                Params.MODEL.get(ctx),
                Params.SID.get(ctx),
                Direction.parse(Params.DIRECTION.get(ctx)),
                Params.TAU.get(ctx),
                Params.FROM_LAYER.get(ctx),
                Params.TO_LAYER.get(ctx),
                Params.positions(ctx),
                Params.heads(ctx),
                Params.ALPHA.get(ctx));
    }
}
