package io.attnflow.api.routes;

import io.attnflow.api.error.BadRequestException;
import io.attnflow.api.openapi.Param;
import io.attnflow.core.query.UnknownQueryException;
import io.attnflow.graph.query.AttentionQueries;
import io.attnflow.graph.query.QueryCatalogue;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The named corpus-level analyst queries of {@code cypher/queries/analyst_*.cypher}: listed with their parameters,
 * and run by name with parameters from the query string. The values are always passed as Cypher parameters.
 */
public final class QueriesController {
    /** Parameters that are always text, even when they look like numbers (a sentence id can be all digits). */
    private static final Set<String> TEXT_PARAMS =
            Set.of("model", "modelA", "modelB", "sid", "corpus", "text", "token", "word", "label");

    private final AttentionQueries queries;

    public QueriesController(AttentionQueries queries) {
        this.queries = queries;
    }

    /**
     * A named query.
     *
     * @param name        what to call it with
     * @param description its header comment
     * @param parameters  the {@code $parameters} it reads
     * @param cypher      its text, to paste into Neo4j Browser
     */
    public record NamedQuery(String name, String description, List<String> parameters, String cypher) {}

    public void list(Context ctx) {
        ctx.json(queries.analystQueries().stream()
                .map(q -> new NamedQuery(q.name(), q.description(), q.parameters(), q.text()))
                .toList());
    }

    public void run(Context ctx) {
        String name = Params.NAME.get(ctx);
        List<QueryCatalogue.Query> analyst = queries.analystQueries();
        QueryCatalogue.Query query = analyst.stream()
                .filter(q -> q.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new UnknownQueryException(
                        name, analyst.stream().map(QueryCatalogue.Query::name).toList()));
        Map<String, Object> params = new HashMap<>();
        if (query.parameters().contains("limit")) {
            // LIMIT $limit needs a whole number: missing or bad, Neo4j would fail the query (a 500)
            params.put("limit", Params.QUERY_LIMIT.get(ctx).longValue());
        }
        ctx.queryParamMap().forEach((key, values) -> {
            if (!query.parameters().contains(key)) {
                throw new BadRequestException(
                        key, "query " + name + " has no parameter '" + key + "'; it takes " + query.parameters());
            }
            if (!key.equals("limit")) params.put(key, TEXT_PARAMS.contains(key) ? values.get(0) : value(values.get(0)));
        });
        ctx.json(queries.run(name, params));
    }

    /**
     * A query-string value as the Cypher type it reads as: integer, float (plain decimals only: {@code NaN},
     * {@code 0x1p-3} or {@code 0.1d} stay text), boolean, null or text.
     */
    static Object value(String raw) {
        String s = raw.trim();
        if (s.equals("null")) return null;
        if (s.equals("true") || s.equals("false")) return Boolean.parseBoolean(s);
        if (!Param.isPlainNumber(s, false)) return raw;
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException notInteger) {
            double d = Double.parseDouble(s);
            return Double.isFinite(d) ? d : raw;
        }
    }
}
