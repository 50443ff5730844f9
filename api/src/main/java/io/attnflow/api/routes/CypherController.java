package io.attnflow.api.routes;

import io.attnflow.api.error.BadRequestException;
import io.attnflow.graph.cypher.ReadOnlyCypher;
import io.javalin.http.Context;
import java.util.Map;

/**
 * Read-only Cypher for analysts: the graph module EXPLAINs the query and refuses anything that is not read-only,
 * then runs it in a READ transaction with a timeout and a row limit. Values go in {@code params}, never into the
 * query text.
 */
public final class CypherController {
    private final ReadOnlyCypher cypher;

    public CypherController(ReadOnlyCypher cypher) {
        this.cypher = cypher;
    }

    /**
     * The request.
     *
     * @param query  one Cypher statement that only reads, e.g. {@code MATCH (m:Model) RETURN m.id}
     * @param params its parameters ({@code $name} in the query), or null
     */
    public record CypherRequest(String query, Map<String, Object> params) {}

    public void run(Context ctx) {
        CypherRequest body = Bodies.read(ctx, CypherRequest.class);
        if (body.query() == null || body.query().isBlank()) {
            throw new BadRequestException("query", "query is required: one read-only Cypher statement");
        }
        ctx.json(cypher.run(body.query(), body.params() == null ? Map.of() : body.params()));
    }
}
