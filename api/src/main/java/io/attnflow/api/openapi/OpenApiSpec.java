package io.attnflow.api.openapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.attnflow.api.error.ErrorResponse;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Builds the OpenAPI 3.0 document from the route table. Every registered route is described because the document
 * is generated from the very list the server registers (and a test checks it against Javalin's own registry).
 */
public final class OpenApiSpec {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Map<Integer, String> REASONS = Map.of(
            400, "Bad parameter or body (ErrorResponse names it)",
            401, "Missing or wrong bearer token",
            404, "Unknown model, sentence or query",
            413, "Batch too large",
            500, "Unexpected failure (details only in the server log)",
            503, "Neo4j is unreachable (or the feature is not configured)");

    private OpenApiSpec() {}

    /** The document for these routes. */
    public static ObjectNode of(List<Route> routes, String version, boolean tokenRequired) {
        SchemaGenerator schemas = new SchemaGenerator();
        ObjectNode doc = F.objectNode().put("openapi", "3.0.3");
        ObjectNode info = doc.putObject("info")
                .put("title", "Attention Flows API")
                .put("version", version)
                .put(
                        "description",
                        "Trace, explain and compare the attention of BERT-family models stored in Neo4j. Layers are"
                                + " numbered 0..L (0 = the input embeddings), attention layers 1..L, heads 0-based."
                                + " Every failure answers an ErrorResponse.");
        info.putObject("license").put("name", "see the repository");
        ObjectNode paths = doc.putObject("paths");
        for (Route r : routes) {
            ObjectNode item = paths.has(r.path()) ? (ObjectNode) paths.get(r.path()) : paths.putObject(r.path());
            item.set(r.method().name().toLowerCase(), operation(r, schemas, tokenRequired));
        }
        ObjectNode components = doc.putObject("components");
        components
                .putObject("securitySchemes")
                .putObject("bearerAuth")
                .put("type", "http")
                .put("scheme", "bearer");
        schemas.schema(ErrorResponse.class);
        ObjectNode s = components.putObject("schemas");
        schemas.components().forEach(s::set);
        return doc;
    }

    private static ObjectNode operation(Route r, SchemaGenerator schemas, boolean tokenRequired) {
        ObjectNode op = F.objectNode();
        op.putArray("tags").add(r.tag());
        op.put("summary", r.summary());
        if (!r.description().isEmpty()) op.put("description", r.description());
        op.put("operationId", r.operationId());
        if (!r.params().isEmpty()) {
            ArrayNode ps = op.putArray("parameters");
            for (Param<?> p : r.params()) ps.add(parameter(p, schemas));
        }
        if (r.body() != null) {
            ObjectNode body = op.putObject("requestBody").put("required", true);
            body.putObject("content").putObject("application/json").set("schema", schemas.schema(r.body()));
        }
        ObjectNode responses = op.putObject("responses");
        ObjectNode ok = responses.putObject("200").put("description", "OK");
        if (r.response() != Void.class) {
            ok.putObject("content").putObject(r.responseMediaType()).set("schema", schemas.schema(r.response()));
        }
        TreeSet<Integer> statuses = new TreeSet<>(r.errors());
        statuses.add(500);
        if (r.path().startsWith("/api/")) statuses.add(503);
        if (r.secured()) statuses.add(401);
        if (r.params().stream().anyMatch(p -> !"path".equals(p.in())) || r.body() != null) statuses.add(400);
        for (int status : statuses) {
            ObjectNode e = responses
                    .putObject(String.valueOf(status))
                    .put("description", REASONS.getOrDefault(status, "Error"));
            e.putObject("content").putObject("application/json").set("schema", schemas.schema(ErrorResponse.class));
        }
        if (r.secured() && tokenRequired) op.putArray("security").addObject().putArray("bearerAuth");
        if (r.secured() && !tokenRequired) {
            // Still documented: the server can be started with --token.
            ArrayNode sec = op.putArray("security");
            sec.addObject();
            sec.addObject().putArray("bearerAuth");
        }
        return op;
    }

    private static ObjectNode parameter(Param<?> p, SchemaGenerator schemas) {
        ObjectNode o = F.objectNode()
                .put("name", p.name())
                .put("in", p.in())
                .put("required", p.required())
                .put("description", p.description());
        ObjectNode schema = schemas.schema(p.type());
        if (p.minimum() != null) schema.put("minimum", p.minimum().doubleValue());
        if (p.maximum() != null) schema.put("maximum", p.maximum().doubleValue());
        if (p.defaultValue() != null) schema.putPOJO("default", p.defaultValue());
        if (!p.choices().isEmpty()) {
            ArrayNode values = schema.putArray("enum");
            p.choices().forEach(values::add);
        }
        o.set("schema", schema);
        if (p.example() != null) o.putPOJO("example", p.example());
        return o;
    }
}
