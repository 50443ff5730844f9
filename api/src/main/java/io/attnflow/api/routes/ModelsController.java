package io.attnflow.api.routes;

import io.attnflow.core.query.UnknownModelException;
import io.attnflow.graph.read.GraphReader;
import io.javalin.http.Context;

/** The stored models. */
public final class ModelsController {
    private final GraphReader reader;

    public ModelsController(GraphReader reader) {
        this.reader = reader;
    }

    public void list(Context ctx) {
        ctx.json(reader.models());
    }

    public void one(Context ctx) {
        String model = Params.MODEL.get(ctx);
        ctx.json(reader.model(model).orElseThrow(() -> new UnknownModelException(model)));
    }
}
