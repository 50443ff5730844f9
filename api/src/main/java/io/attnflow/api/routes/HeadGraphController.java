package io.attnflow.api.routes;

import io.attnflow.api.error.BadRequestException;
import io.attnflow.api.error.ServiceUnavailableException;
import io.attnflow.core.headgraph.HeadGraphBuilder;
import io.attnflow.graph.heads.HeadGraphService;
import io.javalin.http.Context;
import java.util.List;

/** The head graph: build it from the stored attention, and read it for the UI. */
public final class HeadGraphController {
    /** The most neighbours per head a request may ask for. */
    static final int MAX_K = 50;

    private final HeadGraphService heads;

    public HeadGraphController(HeadGraphService heads) {
        this.heads = heads;
    }

    /**
     * What to build.
     *
     * @param models the stored models to put in one graph (compared on the sentences both hold)
     * @param corpus only the sentences of this corpus, or null for all
     * @param k      neighbours kept per head (default 5)
     */
    public record BuildBody(List<String> models, String corpus, Integer k) {}

    /** Builds the head graph; one build at a time (a second waits). */
    public void build(Context ctx) {
        BuildBody body = Bodies.read(ctx, BuildBody.class);
        if (body.models() == null || body.models().isEmpty()) {
            throw new BadRequestException("models", "field 'models' must list at least one stored model id");
        }
        int k = body.k() == null ? HeadGraphBuilder.DEFAULT_K : body.k();
        if (k < 1 || k > MAX_K) throw new BadRequestException("k", "field 'k' must be in 1.." + MAX_K + ", was " + k);
        String corpus = HeadsController.blankToNull(body.corpus());
        HeadGraphService service = service();
        synchronized (this) {
            ctx.json(service.build(body.models(), corpus, k, null));
        }
    }

    /** The stored head graph (empty lists before a build); re-projects it for GDS after a restart. */
    public void view(Context ctx) {
        HeadGraphService service = service();
        var view = service.view();
        if (!view.heads().isEmpty()) service.ensureProjection();
        ctx.json(view);
    }

    private HeadGraphService service() {
        if (heads == null) throw new ServiceUnavailableException("this server has no head-graph service");
        return heads;
    }
}
