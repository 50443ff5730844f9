package io.attnflow.api.error;

import io.attnflow.core.query.InvalidInputException;
import io.attnflow.core.query.NotFoundException;
import io.attnflow.core.query.QueryLimitException;
import io.attnflow.graph.GraphUnavailableException;
import io.attnflow.graph.cypher.CypherQueryException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.validation.ValidationError;
import io.javalin.validation.ValidationException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Maps the project's exceptions, and only those, to an {@link ErrorResponse}: 400 for bad input ({@link
 * InvalidInputException}) and for a query that reached its bound ({@link QueryLimitException}), 401 without a valid
 * token, 404 for an unknown model, sentence or route, 503 while Neo4j cannot be reached ({@link
 * GraphUnavailableException}). Everything else, an {@link IllegalArgumentException} included, is a programming
 * error: a generic 500 whose detail goes to the log, never to the client.
 */
public final class ApiErrors {
    /**
     * java.util.logging, not SLF4J: the only SLF4J provider on the app's classpath is Neo4j's, which would bury a
     * 500 in the store's logs. JUL's console handler prints it, with its cause, on the server's stderr (README,
     * "Logging").
     */
    private static final Logger LOG = Logger.getLogger("io.attnflow.api");

    private static final String HANDLED = "attnflow.error.handled";

    private ApiErrors() {}

    /**
     * Registers the exception and error handlers.
     *
     * @param onDatabaseUnavailable told whenever a request found Neo4j unreachable
     */
    public static void register(RoutesConfig routes, Runnable onDatabaseUnavailable) {
        routes.exception(ValidationException.class, (e, ctx) -> send(ctx, validation(e)));
        routes.exception(BadRequestException.class, (e, ctx) -> send(ctx, badRequest(e)));
        routes.exception(
                InvalidInputException.class,
                (e, ctx) -> send(ctx, ErrorResponse.of(400, "bad_request", e.getMessage())));
        routes.exception(
                QueryLimitException.class, (e, ctx) -> send(ctx, ErrorResponse.of(400, "query_limit", e.getMessage())));
        routes.exception(
                NotFoundException.class, (e, ctx) -> send(ctx, ErrorResponse.of(404, "not_found", e.getMessage())));
        routes.exception(
                ServiceUnavailableException.class,
                (e, ctx) -> send(ctx, ErrorResponse.of(503, "unavailable", e.getMessage())));
        routes.exception(GraphUnavailableException.class, (e, ctx) -> {
            onDatabaseUnavailable.run();
            LOG.warning(ctx.method() + " " + ctx.path() + ": the database is unavailable: " + e.getMessage());
            send(ctx, databaseUnavailable());
        });
        routes.exception(CypherQueryException.class, (e, ctx) -> send(ctx, cypher(e)));
        routes.exception(HttpResponseException.class, (e, ctx) -> send(ctx, http(e)));
        routes.exception(Exception.class, (e, ctx) -> send(ctx, unexpected(e, ctx)));
        // Routes that do not exist, and statuses set without an exception: same body shape.
        routes.error(404, ctx -> {
            if (ctx.attribute(HANDLED) == null) {
                send(
                        ctx,
                        ErrorResponse.of(
                                404,
                                "not_found",
                                "no such resource: " + ctx.method() + " " + ctx.path()
                                        + " (the endpoints are listed at /openapi.json and /docs)"));
            }
        });
        routes.error(405, ctx -> {
            if (ctx.attribute(HANDLED) == null) {
                send(
                        ctx,
                        ErrorResponse.of(405, "method_not_allowed", ctx.method() + " is not allowed on " + ctx.path()));
            }
        });
    }

    /** Writes an error body with its status. */
    public static void send(Context ctx, ErrorResponse body) {
        ctx.attribute(HANDLED, Boolean.TRUE);
        ctx.status(body.status()).json(body);
    }

    /** The answer while Neo4j cannot be reached. */
    public static ErrorResponse databaseUnavailable() {
        return ErrorResponse.of(
                503,
                "database_unavailable",
                "the Neo4j database cannot be reached right now; retry shortly (GET /api/health answers 200 once it is"
                        + " back)");
    }

    private static ErrorResponse unexpected(Exception e, Context ctx) {
        LOG.log(Level.SEVERE, ctx.method() + " " + ctx.path() + " answered 500: " + e, e);
        return ErrorResponse.of(
                500, "internal_error", "the server failed to answer this request; the details are in its log");
    }

    private static ErrorResponse cypher(CypherQueryException e) {
        return switch (e.kind()) {
            case WRITE_REFUSED -> ErrorResponse.of(403, "write_refused", e.getMessage());
            case REFUSED -> ErrorResponse.of(403, "refused", e.getMessage());
            case TOO_LARGE -> ErrorResponse.of(400, "too_large", e.getMessage());
            case TIMED_OUT -> ErrorResponse.of(400, "timed_out", e.getMessage());
            case BAD_QUERY -> ErrorResponse.of(400, "bad_query", e.getMessage());
        };
    }

    private static ErrorResponse validation(ValidationException e) {
        Map<String, Object> details = new LinkedHashMap<>();
        StringBuilder message = new StringBuilder();
        e.getErrors().forEach((param, errors) -> {
            List<String> texts = errors.stream().map(ApiErrors::text).toList();
            details.put(param, texts);
            if (message.length() > 0) message.append("; ");
            message.append(param).append(": ").append(String.join(", ", texts));
        });
        return new ErrorResponse(400, "bad_request", message.toString(), details);
    }

    private static String text(ValidationError<?> error) {
        Object value = error.value;
        String m = error.getMessage();
        // Javalin's type errors read TYPE_CONVERSION_FAILED; say what was sent instead.
        if ("TYPE_CONVERSION_FAILED".equals(m)) return "'" + value + "' is not a valid value of this parameter";
        if ("NULLCHECK_FAILED".equals(m)) return "required";
        return m;
    }

    private static ErrorResponse badRequest(BadRequestException e) {
        Map<String, Object> details = e.parameter() == null ? null : Map.of(e.parameter(), List.of(e.getMessage()));
        return new ErrorResponse(400, "bad_request", e.getMessage(), details);
    }

    private static ErrorResponse http(HttpResponseException e) {
        HttpStatus status = HttpStatus.forStatus(e.getStatus());
        String kind = status.getMessage().toLowerCase().replace(' ', '_');
        return ErrorResponse.of(e.getStatus(), kind, e.getMessage());
    }
}
