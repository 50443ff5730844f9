package io.attnflow.app.api;

import static io.attnflow.app.api.StoredDataEndpointsTest.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.attnflow.api.ApiServer;
import io.attnflow.api.ApiSettings;
import io.attnflow.api.json.Json;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The table of calls of the contract tests ({@link ApiContractTest}, {@link OpenApiContractTest}): at least one
 * request per operation of {@code /openapi.json}, over an {@link ApiTestGraph}'s sentences and the classifier {@link
 * ApiContractTest} ingests, each with the status it expects.
 */
final class ContractCalls {
    private ContractCalls() {}

    /** One request: the route template it exercises, the concrete URL, the body (POST) and the status it expects. */
    record Call(String method, String template, String url, String body, int status) {
        static Call get(String template, String url, int status) {
            return new Call("GET", template, url, null, status);
        }

        static Call post(String template, String url, String body, int status) {
            return new Call("POST", template, url, body, status);
        }

        String key() {
            return method + " " + template;
        }
    }

    static List<Call> calls(ApiTestGraph graph, HttpClient client) throws Exception {
        String a = ApiTestGraph.A, b = ApiTestGraph.B, sid = graph.sid(0), pair = graph.sid(2);
        String none = "0000000000000000";
        String run = "/api/models/{model}/sentences/{sid}";
        String at = "/api/models/" + a + "/sentences/" + sid;
        String unknown = "/api/models/no-such-model/sentences/" + sid;
        String classified = "/api/models/" + enc(ApiContractTest.CLASSIFIER) + "/sentences/" + graph.sid(1);
        String ab = "modelA=" + a + "&modelB=" + b;
        List<Call> calls = new ArrayList<>(List.of(
                Call.get("/api/health", "/api/health", 200),
                Call.get("/api/models", "/api/models", 200),
                Call.get("/api/models/{model}", "/api/models/" + a, 200),
                Call.get("/api/models/{model}", "/api/models/no-such-model", 404),
                Call.get("/api/sentences", "/api/sentences?q=cat&corpus=fixture&limit=2", 200),
                Call.get("/api/sentences", "/api/sentences?limit=0", 400),
                Call.get("/api/sentences/{sid}", "/api/sentences/" + pair, 200),
                Call.get("/api/sentences/{sid}", "/api/sentences/" + none, 404),
                Call.get(run + "/tokens", "/api/models/" + a + "/sentences/" + pair + "/tokens", 200),
                Call.get(run + "/tokens", unknown + "/tokens", 404),
                Call.get(run + "/tokens", classified + "/tokens", 200),
                Call.get(run + "/trace", classified + "/trace?tau=0.2", 200),
                Call.get("/api/sentences/{sid}", "/api/sentences/" + graph.sid(1), 200),
                Call.get("/api/models/{model}", "/api/models/" + enc(ApiContractTest.CLASSIFIER), 200),
                Call.get(run + "/attention", at + "/attention?layer=3&head=7", 200),
                Call.get(run + "/attention", at + "/attention?layer=one&head=0", 400),
                Call.get(run + "/attention", unknown + "/attention?layer=1&head=0", 404),
                Call.get(run + "/trace", at + "/trace", 200),
                Call.get(run + "/trace", at + "/trace?direction=forward&fromLayer=0&tokens=0,2&heads=1:2&tau=0.2", 200),
                Call.get(run + "/trace", at + "/trace?tau=abc", 400),
                Call.get(run + "/trace", unknown + "/trace", 404),
                Call.get(run + "/trace/columns", at + "/trace/columns?tau=0.05", 200),
                Call.get(run + "/trace/columns", classified + "/trace/columns?tau=0.2", 200),
                Call.get(run + "/trace/columns", at + "/trace/columns?tau=abc", 400),
                Call.get(run + "/trace/columns", unknown + "/trace/columns", 404),
                Call.get(run + "/heads", at + "/heads?tau=0.1", 200),
                Call.get(run + "/heads", at + "/heads?tau=2", 400),
                Call.get(run + "/heads", unknown + "/heads", 404),
                Call.get(run + "/rollout", at + "/rollout", 200),
                Call.get(run + "/rollout", unknown + "/rollout", 404),
                Call.get("/api/models/{model}/heads/importance", "/api/models/" + a + "/heads/importance", 200),
                Call.get("/api/models/{model}/heads/importance", "/api/models/" + a + "/heads/importance?tau=x", 400),
                Call.get("/api/models/{model}/heads/importance", "/api/models/no-such-model/heads/importance", 404),
                Call.get("/api/models/{model}/heads/behaviour", "/api/models/" + b + "/heads/behaviour", 200),
                Call.get("/api/models/{model}/heads/behaviour", "/api/models/no-such-model/heads/behaviour", 404),
                Call.get("/api/compare", "/api/compare?" + ab + "&sid=" + pair, 200),
                Call.get("/api/compare", "/api/compare?" + ab, 400),
                Call.get("/api/compare", "/api/compare?" + ab + "&sid=" + none, 404),
                Call.get("/api/compare/edges", "/api/compare/edges?" + ab + "&sid=" + sid + "&layer=12&head=0", 200),
                Call.get("/api/compare/edges", "/api/compare/edges?" + ab + "&sid=" + sid + "&layer=x", 400),
                Call.get("/api/compare/edges", "/api/compare/edges?modelA=nope&modelB=" + b + "&sid=" + sid, 404),
                Call.get("/api/compare/corpus", "/api/compare/corpus?" + ab + "&corpus=fixture", 200),
                Call.get("/api/compare/corpus", "/api/compare/corpus?modelA=" + a, 400),
                Call.get("/api/compare/corpus", "/api/compare/corpus?modelA=nope&modelB=" + b, 404),
                Call.get("/api/queries", "/api/queries", 200),
                Call.get("/api/queries/{name}", "/api/queries/no_such_query", 404),
                Call.get("/api/queries/{name}", "/api/queries/analyst_sep_heads?no_such_param=1", 400),
                Call.post("/api/cypher", "/api/cypher", "{\"query\":\"MATCH (m:Model) RETURN m, m.id AS id\"}", 200),
                Call.post("/api/cypher", "/api/cypher", "{\"query\":\"MATC (n) RETURN n\"}", 400),
                Call.post("/api/cypher", "/api/cypher", "{\"query\":\"CREATE (x:Evil) RETURN x\"}", 403),
                Call.post(
                        "/api/models/{model}/sentences",
                        "/api/models/" + a + "/sentences",
                        "{\"text\":\"The contract holds.\",\"corpus\":\"contract\"}",
                        200),
                Call.post("/api/models/{model}/sentences", "/api/models/" + a + "/sentences", "{\"text\":\" \"}", 400),
                Call.post("/api/models/{model}/sentences", "/api/models/nope/sentences", "{\"text\":\"Hi.\"}", 404),
                Call.post(
                        "/api/models/{model}/sentences/batch",
                        "/api/models/" + b + "/sentences/batch",
                        "{\"sentences\":[{\"text\":\"Birds sing.\"},{\"text\":\"Is it so?\",\"textB\":\"Yes.\"}]}",
                        200),
                Call.post(
                        "/api/models/{model}/sentences/batch",
                        "/api/models/" + b + "/sentences/batch",
                        "{\"sentences\":[]}",
                        400),
                Call.post(
                        "/api/models/{model}/sentences/batch",
                        "/api/models/nope/sentences/batch",
                        "{\"sentences\":[{\"text\":\"Hi.\"}]}",
                        404),
                Call.post(
                        "/api/models/{model}/sentences/batch",
                        "/api/models/" + b + "/sentences/batch",
                        tooManySentences(),
                        413),
                Call.post(
                        "/api/heads/graph",
                        "/api/heads/graph",
                        "{\"models\":[\"" + a + "\",\"" + b + "\"],\"corpus\":\"fixture\"}",
                        200),
                Call.post("/api/heads/graph", "/api/heads/graph", "{\"models\":[\"nope\"]}", 404),
                Call.post("/api/heads/graph", "/api/heads/graph", "{\"models\":[]}", 400),
                Call.get("/api/heads/graph", "/api/heads/graph", 200),
                Call.get(ApiServer.SPEC_PATH, ApiServer.SPEC_PATH, 200),
                Call.get(ApiServer.DOCS_PATH, ApiServer.DOCS_PATH, 200),
                Call.get(ApiServer.DOCS_SCRIPT_PATH, ApiServer.DOCS_SCRIPT_PATH, 200)));
        // every named query, with a value for each parameter it declares
        Map<String, String> values = new java.util.HashMap<>(Map.of(
                "model",
                a,
                "modelA",
                a,
                "modelB",
                b,
                "corpus",
                "fixture",
                "label",
                "negation",
                "word",
                "not",
                "tau",
                "0.1",
                "share",
                "0.5",
                "limit",
                "5",
                "minCount",
                "1"));
        values.put("layer", "12");
        values.put("head", "0");
        for (JsonNode q : json(client.get("/api/queries"))) {
            List<String> params = new ArrayList<>();
            for (JsonNode p : q.get("parameters")) {
                String v = values.get(p.asText());
                if (v == null) throw new AssertionError("no test value for $" + p.asText() + " of " + q);
                params.add(p.asText() + "=" + v);
            }
            String url = "/api/queries/" + q.get("name").asText() + "?" + String.join("&", params);
            calls.add(Call.get("/api/queries/{name}", url, 200));
        }
        return calls;
    }

    static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    static String tooManySentences() {
        List<Map<String, String>> many = new ArrayList<>();
        for (int i = 0; i <= ApiSettings.defaults().batchLimit(); i++) many.add(Map.of("text", "Sentence " + i + "."));
        return Json.write(Map.of("sentences", many));
    }

    static String contentType(Response r) {
        List<String> values = r.headers().get("Content-Type");
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    static Response send(HttpClient client, Call c) {
        return c.method().equals("GET") ? client.get(c.url()) : client.post(c.url(), c.body());
    }
}
