package io.attnflow.app.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi30;
import io.attnflow.api.json.Json;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The served OpenAPI document as a checker of real responses. swagger-parser reads the document (and refuses it
 * unless it is valid OpenAPI 3.0) and lists its operations; networknt's json-schema-validator, in its OpenAPI 3.0
 * dialect ({@code nullable} and all), validates a response body against the schema declared for its route, status
 * and media type.
 *
 * <p>Strict on purpose: every object schema with declared properties is held to exactly those properties (no
 * undeclared field, none missing), because the API writes every record component, nulls included. The served
 * document itself stays open to additions; only this check is closed.
 */
final class OpenApiContract {
    private final OpenAPI api;
    private final JsonNode components;
    private final JsonNode paths;
    private final JsonSchemaFactory factory =
            JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4, b -> b.metaSchema(OpenApi30.getInstance())
                    .defaultMetaSchemaIri(OpenApi30.getInstance().getIri()));

    OpenApiContract(String specJson) throws Exception {
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(specJson, null, null);
        if (parsed.getOpenAPI() == null || !parsed.getMessages().isEmpty()) {
            throw new AssertionError("/openapi.json is not valid OpenAPI 3.0: " + parsed.getMessages());
        }
        this.api = parsed.getOpenAPI();
        JsonNode doc = Json.mapper().readTree(specJson);
        this.paths = doc.path("paths");
        this.components = strict(doc.path("components").deepCopy());
    }

    /** Every operation of the document, as {@code METHOD /path/{param}}. */
    TreeSet<String> operations() {
        TreeSet<String> ops = new TreeSet<>();
        for (Map.Entry<String, PathItem> p : api.getPaths().entrySet()) {
            for (PathItem.HttpMethod m : p.getValue().readOperationsMap().keySet()) ops.add(m + " " + p.getKey());
        }
        return ops;
    }

    /** The statuses the document declares for an operation. */
    TreeSet<Integer> statuses(String method, String template) {
        TreeSet<Integer> out = new TreeSet<>();
        operation(method, template).getResponses().keySet().forEach(k -> out.add(Integer.parseInt(k)));
        return out;
    }

    /**
     * What is wrong with this response by the document: an undeclared status or media type, or a body that breaks
     * the declared schema. Empty when the response honours the contract.
     */
    List<String> violations(String method, String template, int status, String contentType, String body) {
        List<String> out = new ArrayList<>();
        String where = method + " " + template + " " + status;
        operation(method, template); // must exist
        JsonNode response = paths.path(template)
                .path(method.toLowerCase())
                .path("responses")
                .path(String.valueOf(status));
        if (response.isMissingNode()) return List.of(where + ": status not declared");
        JsonNode content = response.path("content");
        String media = contentType == null ? "" : contentType.split(";")[0].trim();
        if (content.isMissingNode()) {
            if (body != null && !body.isEmpty()) out.add(where + ": a body where the document declares none");
            return out;
        }
        if (!content.has(media)) return List.of(where + ": media type '" + media + "' not declared: " + content);
        if (!media.equals("application/json")) return out;
        try {
            ObjectNode schema = content.get(media).path("schema").deepCopy();
            strict(schema);
            schema.set("components", components); // lets "#/components/schemas/X" resolve inside this document
            JsonSchema validator = factory.getSchema(schema);
            for (ValidationMessage m : validator.validate(Json.mapper().readTree(body))) out.add(where + ": " + m);
        } catch (Exception e) {
            out.add(where + ": body is not JSON: " + e.getMessage());
        }
        return out;
    }

    private Operation operation(String method, String template) {
        PathItem item = api.getPaths().get(template);
        Operation op =
                item == null ? null : item.readOperationsMap().get(PathItem.HttpMethod.valueOf(method.toUpperCase()));
        if (op == null) throw new AssertionError(method + " " + template + " is not in /openapi.json");
        return op;
    }

    /** Closes every object schema that lists properties: exactly those, all present. */
    private static JsonNode strict(JsonNode node) {
        if (node.isObject()) {
            ObjectNode o = (ObjectNode) node;
            if (o.has("properties") && !o.has("additionalProperties")) {
                o.put("additionalProperties", false);
                ArrayNode required = o.putArray("required");
                o.get("properties").fieldNames().forEachRemaining(required::add);
            }
            for (Iterator<JsonNode> it = o.elements(); it.hasNext(); ) strict(it.next());
        } else if (node.isArray()) {
            node.forEach(OpenApiContract::strict);
        }
        return node;
    }
}
