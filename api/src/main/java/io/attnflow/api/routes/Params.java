package io.attnflow.api.routes;

import io.attnflow.api.error.BadRequestException;
import io.attnflow.api.openapi.Param;
import io.attnflow.core.query.InvalidQueryException;
import io.attnflow.core.trace.HeadSelection;
import io.attnflow.core.trace.TraceRequest;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every parameter of the API, defined once: the controllers read them and the OpenAPI document describes them.
 * Static bounds are checked here (400); bounds that depend on the model (L, H, n, the store floor) are checked by
 * the query service, which also answers 400.
 */
final class Params {
    private Params() {}

    static final Param<String> MODEL = Param.path("model", "the model id, e.g. bge-small-en-v1.5", "bge-small-en-v1.5");
    static final Param<String> SID =
            Param.path("sid", "the sentence id (16 hex digits, from /api/sentences or an ingest)", "3f2a9c0d1b2e4f56");
    static final Param<String> NAME =
            Param.path("name", "the analyst query's name (from GET /api/queries)", "analyst_sep_heads");

    static final Param<Double> TAU = Param.query(
                    "tau",
                    Double.class,
                    "threshold τ: an edge is kept when its weight is > τ; must be ≥ the model's store floor")
            .withDefault(TraceRequest.DEFAULT_TAU)
            .range(0, 1);
    static final Param<Double> ALPHA = Param.query("alpha", Double.class, "decay α in (0, 1] for token influence")
            .withDefault(TraceRequest.DEFAULT_ALPHA)
            .range(0, 1);
    static final Param<String> DIRECTION = Param.query(
                    "direction", String.class, "backward (down to the input words) or forward (up to the last layer)")
            .withDefault("backward")
            .choices("backward", "forward");
    static final Param<Integer> FROM_LAYER = Param.query(
                    "fromLayer", Integer.class, "l0, the layer of the start tokens (default L backward, 0 forward)")
            .range(0, 1000);
    static final Param<Integer> TO_LAYER = Param.query(
                    "toLayer", Integer.class, "where the trace stops (default 0 backward, L forward)")
            .range(0, 1000);
    static final Param<String> TOKENS = Param.query(
                    "tokens", String.class, "start positions at l0, comma-separated (default 0 = [CLS]), e.g. 0,3")
            .example("0");
    static final Param<String> HEADS = Param.query(
                    "heads",
                    String.class,
                    "selected heads as LAYER:HEAD,… (layers 1..L, heads 0-based); a layer not named keeps all its heads")
            .example("12:0,12:3,11:5");

    /** The server's own budget per query is 60 s; a caller may only ask for less. */
    static final Param<Integer> TIMEOUT_MS = Param.query(
                    "timeoutMs",
                    Integer.class,
                    "a time budget in ms for the trace's queries (default and at most 60000): past it the store stops"
                            + " the query and the answer is 400; the web UI sets it on the traces it fetches ahead")
            .range(1, 60_000);

    static final Param<Integer> LAYER =
            Param.required("layer", Integer.class, "attention layer 1..L").range(1, 1000);
    static final Param<Integer> HEAD =
            Param.required("head", Integer.class, "head, 0-based").range(0, 1000);

    static final Param<String> Q = Param.query("q", String.class, "text to search for (case-insensitive substring)");
    static final Param<String> MODEL_FILTER =
            Param.query("model", String.class, "only sentences ingested for this model");
    static final Param<String> CORPUS = Param.query("corpus", String.class, "only sentences of this corpus, e.g. demo");
    static final Param<Integer> LIMIT =
            Param.query("limit", Integer.class, "page size").withDefault(20).range(1, 500);
    /** The row limit of the named queries that take {@code $limit}. */
    static final Param<Integer> QUERY_LIMIT = Param.required(
                    "limit", Integer.class, "how many rows a named query that takes $limit returns")
            .range(1, 10_000);

    static final Param<Integer> OFFSET =
            Param.query("offset", Integer.class, "rows to skip").withDefault(0).range(0, Integer.MAX_VALUE);

    static final Param<String> MODEL_A =
            Param.required("modelA", String.class, "the first model id").example("bge-small-en");
    static final Param<String> MODEL_B = Param.required("modelB", String.class, "the second model id (same tokenizer)")
            .example("bge-small-en-v1.5");
    static final Param<String> SID_QUERY = Param.required("sid", String.class, "the sentence id");
    static final Param<Integer> LAYER_FILTER = Param.query("layer", Integer.class, "only this attention layer 1..L")
            .range(1, 1000);
    static final Param<Integer> HEAD_FILTER =
            Param.query("head", Integer.class, "only this head, 0-based").range(0, 1000);
    static final Param<Integer> TOP = Param.query("top", Integer.class, "how many rows to return")
            .withDefault(20)
            .range(1, 10_000);

    /** {@code "0,3"} → [0, 3]; absent or blank → empty (the default start, [CLS]). */
    static List<Integer> positions(Context ctx) {
        String raw = TOKENS.get(ctx);
        List<Integer> out = new ArrayList<>();
        if (raw == null || raw.isBlank()) return out;
        for (String part : raw.split(",")) {
            if (part.isBlank()) continue;
            try {
                out.add(Integer.parseInt(part.trim()));
            } catch (NumberFormatException e) {
                throw new BadRequestException(
                        "tokens", "tokens: '" + part.trim() + "' is not a token position; write e.g. tokens=0,3");
            }
        }
        return out;
    }

    /** {@code "12:0,12:3,11:5"} → {11: [5], 12: [0, 3]}, by {@link HeadSelection#parse}. */
    static Map<Integer, Set<Integer>> heads(Context ctx) {
        try {
            return HeadSelection.parse(HEADS.get(ctx));
        } catch (InvalidQueryException e) {
            throw new BadRequestException("heads", "heads: " + e.getMessage() + "; write e.g. heads=12:0,11:5");
        }
    }
}
