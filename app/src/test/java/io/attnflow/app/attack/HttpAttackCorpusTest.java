package io.attnflow.app.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.attnflow.api.ApiServer;
import io.attnflow.api.ApiSettings;
import io.attnflow.api.json.Json;
import io.attnflow.app.ApiWiring;
import io.attnflow.app.CatalogIngestor;
import io.attnflow.app.Main;
import io.attnflow.app.attack.HttpAttackRows.Row;
import io.attnflow.app.attack.HttpAttackRows.Target;
import io.attnflow.app.attack.RawHttp.Answer;
import io.attnflow.core.model.SentenceInput;
import io.attnflow.core.model.StoredWeights;
import io.attnflow.graph.GraphConnection;
import io.attnflow.graph.GraphSettings;
import io.attnflow.ingest.ModelCatalog;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;
import picocli.CommandLine;

/**
 * The HTTP rows of the attack corpus (issue 9), against the real server over a real Neo4j with really ingested
 * sentences. For every row: the expected status, a JSON {@code ErrorResponse} for every refusal, no file content,
 * environment value, token or stack trace in the answer, the graph's node and relationship counts unchanged, and
 * {@code /api/health} answering within a second while the row runs and after it.
 */
class HttpAttackCorpusTest {
    static final String TOKEN = "attack-corpus-token-7c1e9";
    private static final Pattern STACK = Pattern.compile("\\bat [\\w$.]+\\(|Exception|java\\.|javax\\.|"
            + "io\\.attnflow\\.|org\\.neo4j|org\\.eclipse|io\\.javalin|com\\.fasterxml");

    static Neo4j neo4j;
    static GraphConnection graph;
    static CatalogIngestor ingestor;
    static ApiServer plain;
    static ApiServer guarded;

    @BeforeAll
    static void start() {
        neo4j = Neo4jBuilders.newInProcessBuilder().withDisabledServer().build();
        graph = GraphConnection.open(GraphSettings.external(neo4j.boltURI().toString(), null, null, null));
        ingestor = new CatalogIngestor(ModelCatalog.standard(), graph, StoredWeights.DEFAULT_FLOOR);
        for (String model : List.of(HttpAttackRows.OTHER, HttpAttackRows.MODEL)) {
            ingestor.ingest(model, List.of(SentenceInput.of(HttpAttackRows.SENTENCE)));
        }
        ApiSettings defaults = ApiSettings.defaults().withPort(0);
        plain = new ApiServer(defaults, ApiWiring.services(graph, defaults, ingestor)).start();
        ApiSettings guard = defaults.withToken(TOKEN).withCorsOrigins(List.of(HttpAttackRows.CORS_ORIGIN));
        guarded = new ApiServer(guard, ApiWiring.services(graph, guard, ingestor)).start();
    }

    @AfterAll
    static void stop() {
        if (guarded != null) guarded.close();
        if (plain != null) plain.close();
        if (ingestor != null) ingestor.close();
        if (graph != null) graph.close();
        if (neo4j != null) neo4j.close();
    }

    static Stream<Row> rows() {
        return HttpAttackRows.all().stream();
    }

    @Test
    void theCorpusHasAtLeast35Rows() {
        assertTrue(
                HttpAttackRows.all().size() >= 35,
                "rows: " + HttpAttackRows.all().size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void eachRowIsRefusedAsExpectedAndChangesNothing(Row row) throws Exception {
        ApiServer server = row.target() == Target.PLAIN ? plain : guarded;
        long nodes = count("MATCH (n) RETURN count(n)"), rels = count("MATCH ()-[r]->() RETURN count(r)");

        CompletableFuture<Answer> attack = CompletableFuture.supplyAsync(() -> {
            try {
                return RawHttp.send(server.port(), row.request().bytes(server.port(), TOKEN));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertHealthy(server, "while the row runs");
        Answer answer = attack.get(60, TimeUnit.SECONDS);
        assertHealthy(server, "after the row");

        assertEquals(row.status(), answer.status(), row + ": " + answer.body());
        assertTrue(answer.contentType().startsWith("application/json"), row + ": " + answer.contentType());
        JsonNode error = Json.mapper().readTree(answer.body());
        assertEquals(row.status(), error.path("status").asInt(), answer.body());
        assertFalse(error.path("message").asText().isBlank(), answer.body());
        if (row.error() != null) assertEquals(row.error(), error.path("error").asText(), answer.body());
        if (row.mentions() != null) {
            assertTrue(error.path("message").asText().contains(row.mentions()), answer.body());
        }
        assertNothingLeaks(answer.body());
        assertEquals(nodes, count("MATCH (n) RETURN count(n)"), "nodes after " + row);
        assertEquals(rels, count("MATCH ()-[r]->() RETURN count(r)"), "relationships after " + row);
        if (row.neverStored() != null) {
            assertEquals(
                    0,
                    count("MATCH (s:Sentence {text: '" + row.neverStored().replace("'", "\\'") + "'}) RETURN count(s)"),
                    "the handler ran: '" + row.neverStored() + "' was stored");
        }
    }

    /** The control: the very request the type and origin rows send, as the UI sends it, is stored. */
    @Test
    void theSameIngestAsJsonFromTheSameOriginIsStored() throws Exception {
        String text = "A same-origin ingest is stored.";
        AttackRequest ok = AttackRequest.postJson(HttpAttackRows.INGEST, "{\"text\":\"" + text + "\"}")
                .with("Origin", "http://127.0.0.1:" + plain.port());
        Answer answer = RawHttp.send(plain.port(), ok.bytes(plain.port(), TOKEN));
        assertEquals(200, answer.status(), answer.body());
        assertEquals(1, count("MATCH (s:Sentence {text: '" + text + "'}) RETURN count(s)"));
        AttackRequest configured = AttackRequest.get("/api/models")
                .with("Origin", HttpAttackRows.CORS_ORIGIN)
                .withToken();
        assertEquals(
                200,
                RawHttp.send(guarded.port(), configured.bytes(guarded.port(), TOKEN))
                        .status());
    }

    /** At most two models stay open; a third bundled one closes the least recently used. */
    @Test
    void httpIngestKeepsAtMostTwoModelsOpenClosingTheLeastRecentlyUsed() throws Exception {
        ingestor.ingest(HttpAttackRows.OTHER, List.of(SentenceInput.of(HttpAttackRows.SENTENCE))); // OTHER is newest
        assertEquals(List.of(HttpAttackRows.MODEL, HttpAttackRows.OTHER), ingestor.openModels());
        String small = "all-minilm-l6-v2";
        AttackRequest ingest = AttackRequest.postJson(
                "/api/models/" + small + "/sentences", "{\"text\":\"" + HttpAttackRows.SENTENCE + "\"}");
        Answer answer = RawHttp.send(plain.port(), ingest.bytes(plain.port(), TOKEN));
        assertEquals(200, answer.status(), answer.body());
        assertEquals(List.of(HttpAttackRows.OTHER, small), ingestor.openModels());
    }

    @Test
    void servingBeyondLoopbackWithoutATokenIsRefusedBeforeAnythingStarts() {
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(new StringWriter()));
        cli.setErr(new PrintWriter(err, true));
        Path dir = Path.of("target", "attack-no-store");
        int code =
                cli.execute("serve", "--host", "0.0.0.0", "--port", "0", "--token", "", "--data-dir", dir.toString());
        assertEquals(CommandLine.ExitCode.USAGE, code, "a refused --host is bad input");
        assertTrue(err.toString().contains("ATTNFLOW_TOKEN"), err.toString());
        assertTrue(err.toString().contains("--token"), err.toString());
        assertFalse(Files.exists(dir), "no store was opened");
    }

    private static void assertHealthy(ApiServer server, String when) throws Exception {
        byte[] health = AttackRequest.get("/api/health").withToken().bytes(server.port(), TOKEN);
        Answer h = RawHttp.send(server.port(), health);
        assertEquals(200, h.status(), "health " + when + ": " + h.body());
        assertTrue(h.millis() < 1000, "health " + when + " took " + h.millis() + " ms");
    }

    private static void assertNothingLeaks(String body) throws Exception {
        assertFalse(body.contains("root:x:0:0"), "file content: " + body);
        assertFalse(body.contains(TOKEN), "the token: " + body);
        for (Map.Entry<String, String> env : System.getenv().entrySet()) {
            String v = env.getValue();
            if (v.length() >= 12) assertFalse(body.contains(v), "environment " + env.getKey() + ": " + body);
        }
        String passwd = Files.exists(Path.of("/etc/passwd"))
                ? Files.readString(Path.of("/etc/passwd"), StandardCharsets.UTF_8)
                        .lines()
                        .findFirst()
                        .orElse("")
                : "";
        if (!passwd.isEmpty()) assertFalse(body.contains(passwd), "file content: " + body);
        assertFalse(STACK.matcher(body).find(), "a stack trace or Java name: " + body);
    }

    private static long count(String cypher) {
        return neo4j.defaultDatabaseService().executeTransactionally(cypher, Map.of(), r -> ((Number)
                        r.next().values().iterator().next())
                .longValue());
    }
}
