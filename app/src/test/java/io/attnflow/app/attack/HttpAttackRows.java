// Over 300 lines on purpose: a table of attack rows (one request and its status each), read top to bottom.
package io.attnflow.app.attack;

import static io.attnflow.app.attack.AttackRequest.get;
import static io.attnflow.app.attack.AttackRequest.post;
import static io.attnflow.app.attack.AttackRequest.postJson;

import io.attnflow.core.model.SentenceInput;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The HTTP rows of the attack corpus (issue 9): what a web page in the user's browser, or a careless client, can
 * send to the server on 127.0.0.1, and the status each must get. The harness checks the rest for every row.
 */
final class HttpAttackRows {
    private HttpAttackRows() {}

    /** Which server a row goes to: the default one, or the one with a token and a CORS origin. */
    enum Target {
        PLAIN,
        GUARDED
    }

    /**
     * One row.
     *
     * @param name        what it tries
     * @param target      the server
     * @param request     the request
     * @param status      the status it must get
     * @param error       the ErrorResponse kind it must get, or null
     * @param mentions    a text the message must contain, or null
     * @param neverStored a sentence text that must not be in the graph afterwards (the handler did not run), or null
     */
    record Row(
            String name,
            Target target,
            AttackRequest request,
            int status,
            String error,
            String mentions,
            String neverStored) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final String MODEL = "bge-small-en-v1.5";
    static final String OTHER = "bge-small-en";
    static final String SENTENCE = "The cat sat on the mat.";
    static final String SID = SentenceInput.of(SENTENCE).id();
    static final String CORS_ORIGIN = "http://notebook.local:8888";
    static final String INGEST = "/api/models/" + MODEL + "/sentences";
    static final String CYPHER = "/api/cypher";
    static final String TRACE = "/api/models/" + MODEL + "/sentences/" + SID + "/trace";
    static final String EDGES = "/api/compare/edges?modelA=" + OTHER + "&modelB=" + MODEL + "&sid=" + SID;

    private static String ingestBody(String text) {
        return "{\"text\":\"" + text + "\"}";
    }

    static List<Row> all() {
        List<Row> rows = new ArrayList<>();
        String read = "{\"query\":\"MATCH (n) RETURN count(n)\"}";
        String write = "{\"query\":\"CREATE (:Pwned)\"}";

        // cross-site "simple" requests: no preflight, so only the type check stops them
        for (String type : new String[] {
            "text/plain",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            null,
            "application/json; charset=iso-8859-1",
            "text/plain; a=application/json"
        }) {
            rows.add(new Row(
                    "cypher as " + type,
                    Target.PLAIN,
                    post(CYPHER, type, write),
                    415,
                    "unsupported_media_type",
                    null,
                    null));
            String text = "Stored through " + type + ".";
            rows.add(new Row(
                    "ingest as " + type,
                    Target.PLAIN,
                    post(INGEST, type, ingestBody(text)),
                    415,
                    "unsupported_media_type",
                    "application/json",
                    text));
        }
        rows.add(new Row(
                "batch ingest as text/plain",
                Target.PLAIN,
                post(INGEST + "/batch", "text/plain", "{\"sentences\":[{\"text\":\"Batch probe.\"}]}"),
                415,
                "unsupported_media_type",
                null,
                "Batch probe."));

        // DNS rebinding: a foreign name that resolves to 127.0.0.1
        for (String host : new String[] {"evil.example", "127.0.0.1.evil.example", "localhost.evil.example:80"}) {
            rows.add(new Row(
                    "Host " + host,
                    Target.PLAIN,
                    get("/api/models").with("Host", host),
                    421,
                    "misdirected_request",
                    "--allowed-host",
                    null));
        }
        rows.add(new Row(
                "rebound ingest",
                Target.PLAIN,
                postJson(INGEST, ingestBody("Rebound probe.")).with("Host", "evil.example"),
                421,
                "misdirected_request",
                null,
                "Rebound probe."));
        rows.add(new Row("no Host at all", Target.PLAIN, get("/api/models").with("Host", null), 400, null, null, null));

        // foreign origins, with and without a configured CORS origin
        rows.add(new Row(
                "foreign Origin on the default server",
                Target.PLAIN,
                get("/api/models").with("Origin", "http://evil.example"),
                403,
                "origin_refused",
                null,
                null));
        rows.add(new Row(
                "foreign Origin ingest with --cors-origin set",
                Target.GUARDED,
                postJson(INGEST, ingestBody("Foreign origin probe."))
                        .with("Origin", "http://evil.example")
                        .withToken(),
                403,
                "origin_refused",
                "--cors-origin",
                "Foreign origin probe."));
        rows.add(new Row(
                "Origin null (sandboxed frame)",
                Target.GUARDED,
                postJson(CYPHER, read).with("Origin", "null").withToken(),
                403,
                "origin_refused",
                null,
                null));
        rows.add(new Row(
                "Origin that extends the configured one",
                Target.GUARDED,
                get("/api/models").with("Origin", CORS_ORIGIN + ".evil.example").withToken(),
                403,
                "origin_refused",
                null,
                null));
        rows.add(new Row(
                "foreign preflight",
                Target.GUARDED,
                get(CYPHER)
                        .method("OPTIONS")
                        .with("Origin", "http://evil.example")
                        .with("Access-Control-Request-Method", "POST"),
                403,
                "origin_refused",
                null,
                null));

        // path traversal
        for (String path : new String[] {
            "/../../etc/passwd",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/webjars/../../../../etc/passwd",
            "/a%00b",
            "/api\\models"
        }) {
            rows.add(new Row("path " + path, Target.PLAIN, get(path), 400, "bad_request", null, null));
        }
        // encoded separators stay part of one segment: no route, or a sentence id that is only a parameter
        rows.add(new Row(
                "path /%5c..%5c..%5cetc/passwd",
                Target.PLAIN, get("/%5c..%5c..%5cetc/passwd"), 404, "not_found", null, null));
        rows.add(new Row(
                "sentence id ..%2f..%2fetc%2fpasswd",
                Target.PLAIN, get("/api/sentences/..%2f..%2fetc%2fpasswd"), 404, "not_found", null, null));

        // oversized
        String big = "{\"query\":\"RETURN 1\",\"params\":{\"x\":\"" + "a".repeat(1_100_000) + "\"}}";
        rows.add(new Row("2 MB body", Target.PLAIN, postJson(CYPHER, big), 413, null, null, null));
        rows.add(
                new Row("20 KB URI", Target.PLAIN, get("/api/" + "a".repeat(20_000)), 414, "uri_too_long", null, null));
        rows.add(new Row(
                "20 KB header",
                Target.PLAIN,
                get("/api/models").with("X-Filler", "b".repeat(20_000)),
                431,
                "headers_too_large",
                null,
                null));
        StringBuilder batch = new StringBuilder("{\"sentences\":[");
        for (int i = 0; i < 33; i++)
            batch.append(i == 0 ? "" : ",")
                    .append("{\"text\":\"Batch row ")
                    .append(i)
                    .append(".\"}");
        rows.add(new Row(
                "batch of 33",
                Target.PLAIN,
                postJson(INGEST + "/batch", batch + "]}"),
                413,
                "batch_too_large",
                "32",
                "Batch row 0."));
        rows.add(new Row(
                "more tokens than the model takes",
                Target.PLAIN,
                postJson(INGEST, ingestBody("word ".repeat(600).trim())),
                400,
                "bad_request",
                "split it",
                null));

        // models the server must not load for a caller
        for (String model :
                new String[] {"bert-base-uncased", "..%2F..%2Fetc", "%2Ftmp%2Fmodel", "BAAI%2Fbge-small-en"}) {
            rows.add(new Row(
                    "ingest with model " + model,
                    Target.PLAIN,
                    postJson("/api/models/" + model + "/sentences", ingestBody("Model probe.")),
                    404,
                    "not_found",
                    "bundled",
                    "Model probe."));
        }

        // strict numbers
        for (String tau : new String[] {"0x1p-3", "0.1d", "NaN", "Infinity", "1e-1f"}) {
            rows.add(new Row("tau=" + tau, Target.PLAIN, get(TRACE + "?tau=" + tau), 400, "bad_request", "tau", null));
        }
        rows.add(new Row("layer=1e1", Target.PLAIN, get(EDGES + "&layer=1e1"), 400, "bad_request", "layer", null));

        // strict JSON
        rows.add(new Row(
                "trailing garbage",
                Target.PLAIN,
                postJson(CYPHER, read + " {\"query\":\"CREATE (:Pwned)\"}"),
                400,
                "bad_request",
                null,
                null));
        rows.add(new Row(
                "duplicate keys",
                Target.PLAIN,
                postJson(CYPHER, "{\"query\":\"MATCH (n) RETURN n LIMIT 1\",\"query\":\"CREATE (:Pwned)\"}"),
                400,
                "bad_request",
                "query",
                null));
        rows.add(new Row(
                "text as a number",
                Target.PLAIN,
                postJson(INGEST, "{\"text\":42}"),
                400,
                "bad_request",
                "must be a string",
                null));
        rows.add(new Row(
                "text as a boolean",
                Target.PLAIN,
                postJson(INGEST, "{\"text\":true}"),
                400,
                "bad_request",
                null,
                null));
        rows.add(new Row("body is a list", Target.PLAIN, postJson(CYPHER, "[]"), 400, "bad_request", null, null));
        byte[] badUtf8 = "{\"text\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
        rows.add(new Row(
                "invalid UTF-8",
                Target.PLAIN,
                post(INGEST, "application/json", badUtf8),
                400,
                "bad_request",
                null,
                null));

        // text that is not what it seems
        rows.add(new Row(
                "only zero-width characters",
                Target.PLAIN,
                postJson(INGEST, ingestBody("\\u200b\\u200c\\ufeff")),
                400,
                "bad_request",
                "no words",
                null));
        rows.add(new Row(
                "only control characters",
                Target.PLAIN,
                postJson(INGEST, ingestBody("\\u0001\\u0007 \\t")),
                400,
                "bad_request",
                "no words",
                null));
        rows.add(new Row(
                "a lone surrogate",
                Target.PLAIN,
                postJson(INGEST, ingestBody("Caf\\ud800 time.")),
                400,
                "bad_request",
                "surrogate",
                null));

        // model-dependent bounds
        rows.add(new Row("layer=13", Target.PLAIN, get(EDGES + "&layer=13"), 400, "bad_request", "1..12", null));
        rows.add(new Row("head=12", Target.PLAIN, get(EDGES + "&head=12"), 400, "bad_request", "0..11", null));
        rows.add(new Row(
                "named query without its limit",
                Target.PLAIN,
                get("/api/queries/analyst_behaviour_shift?modelA=" + OTHER + "&modelB=" + MODEL),
                400,
                "bad_request",
                "limit",
                null));
        rows.add(new Row(
                "named query with limit=abc",
                Target.PLAIN,
                get("/api/queries/analyst_behaviour_shift?limit=abc"),
                400,
                "bad_request",
                "limit",
                null));

        // token bypass attempts
        rows.add(new Row("no token", Target.GUARDED, get("/api/models"), 401, "unauthorized", null, null));
        rows.add(new Row(
                "wrong token",
                Target.GUARDED,
                get("/api/models").with("Authorization", "Bearer nope"),
                401,
                "unauthorized",
                null,
                null));
        rows.add(new Row(
                "token as Basic",
                Target.GUARDED,
                get("/api/models").with("Authorization", "Basic " + HttpAttackCorpusTest.TOKEN),
                401,
                "unauthorized",
                null,
                null));
        rows.add(new Row(
                "token with a suffix",
                Target.GUARDED,
                get("/api/models").with("Authorization", "Bearer " + HttpAttackCorpusTest.TOKEN + "x"),
                401,
                "unauthorized",
                null,
                null));
        rows.add(new Row(
                "token in the query string",
                Target.GUARDED,
                get("/api/models?token=" + HttpAttackCorpusTest.TOKEN),
                401,
                "unauthorized",
                null,
                null));
        // routes match the path as sent: an encoded /api is no route at all, so nothing is served without the token
        rows.add(new Row("percent-encoded /api", Target.GUARDED, get("/%61pi/models"), 404, "not_found", null, null));
        rows.add(new Row(
                "ingest without token",
                Target.GUARDED,
                postJson(INGEST, ingestBody("Tokenless probe.")),
                401,
                "unauthorized",
                null,
                "Tokenless probe."));
        return rows;
    }
}
