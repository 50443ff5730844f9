// Over 300 lines on purpose: mostly a table of Cypher/Bolt attack rows, kept beside the harness that checks each.
package io.attnflow.app.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.attnflow.api.ApiServer;
import io.attnflow.api.ApiSettings;
import io.attnflow.app.ApiWiring;
import io.attnflow.app.CatalogIngestor;
import io.attnflow.app.Main;
import io.attnflow.core.model.SentenceInput;
import io.attnflow.core.model.StoredWeights;
import io.attnflow.graph.BoltPassword;
import io.attnflow.graph.GraphConnection;
import io.attnflow.graph.GraphSettings;
import io.attnflow.graph.read.GraphReader;
import io.attnflow.ingest.ModelCatalog;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.exceptions.AuthenticationException;

/**
 * The attack corpus for the graph side: Cypher sent to the real {@code POST /api/cypher} of the real API server over
 * the real embedded store (Bolt, with its password), plus {@code attnflow cypher} and raw Bolt over TCP and
 * WebSocket. Each row states the request and the status it must get; every row also checks that the answer holds
 * no file content, environment value or stack trace, that the graph's counts are unchanged, and that
 * {@code /api/health} answers within 1 s during and after it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CypherAttackCorpusTest {
    private static final String SECRET = "attnflow-secret-7f3a9c";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private GraphConnection graph;
    private CatalogIngestor ingestor;
    private ApiServer server;
    private HttpClient http;
    private String base;
    private String before;

    /**
     * One attack.
     *
     * @param name   what it tries
     * @param query  the Cypher sent
     * @param status the HTTP status it must get
     * @param says   a text the answer must hold (the refused part, or a value of a legitimate answer)
     */
    record Row(String name, String query, int status, String says) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Row> rows() {
        String nested = "RETURN " + "[".repeat(5_000) + "]".repeat(5_000);
        return Stream.of(
                // LOAD CSV: files, URLs, a URL computed from what was read
                new Row("LOAD CSV /etc/passwd", "LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l", 403, "LOAD CSV"),
                new Row("LOAD CSV environ", "LOAD CSV FROM 'file:///proc/self/environ' AS l RETURN l", 403, "LOAD CSV"),
                new Row("LOAD CSV in import root", "LOAD CSV FROM 'file:///secret.csv' AS l RETURN l", 403, "LOAD CSV"),
                new Row("LOAD CSV http", "LOAD CSV FROM 'http://127.0.0.1:1/x.csv' AS l RETURN l", 403, "LOAD CSV"),
                new Row(
                        "LOAD CSV computed URL",
                        "MATCH (s:Sentence) WITH s LIMIT 1 LOAD CSV FROM 'http://127.0.0.1:1/?q=' + s.text AS l RETURN l",
                        403,
                        "LOAD CSV"),
                new Row(
                        "load csv lower case with comment",
                        "load /* x */ csv from 'file:///etc/passwd' as l return l",
                        403,
                        "LOAD CSV"),
                new Row(
                        "EXPLAIN LOAD CSV",
                        "EXPLAIN LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l",
                        403,
                        "LOAD CSV"),
                new Row(
                        "PROFILE LOAD CSV",
                        "PROFILE LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l",
                        403,
                        "LOAD CSV"),
                // procedures and functions outside the allowlist
                new Row("dbms.components", "CALL dbms.components()", 403, "dbms.components"),
                new Row(
                        "dbms.listConfig",
                        "CALL dbms.listConfig() YIELD name, value RETURN name, value",
                        403,
                        "dbms.listConfig"),
                new Row("dbms.showCurrentUser", "CALL dbms.showCurrentUser()", 403, "dbms.showCurrentUser"),
                new Row("tx.setMetaData", "CALL tx.setMetaData({a: 1})", 403, "tx.setMetaData"),
                new Row("apoc.load.json", "CALL apoc.load.json('file:///etc/passwd')", 403, "apoc.load.json"),
                new Row("unknown procedure", "CALL no.such.proc()", 403, "no.such.proc"),
                new Row("quoted procedure name", "CALL `dbms`.`components`()", 403, "dbms.components"),
                new Row(
                        "procedure after an allowed one",
                        "CALL db.labels() YIELD label CALL dbms.components() YIELD name RETURN label, name",
                        403,
                        "dbms.components"),
                new Row("apoc function", "RETURN apoc.text.join(['a'], '') AS x", 403, "apoc.text.join"),
                // Graph Data Science: only stream and listing procedures are allowed, never write, mutate, project,
                // drop
                new Row(
                        "gds write",
                        "CALL gds.louvain.write('attnflow-heads', {writeProperty: 'x'}) YIELD communityCount RETURN 1",
                        403,
                        "gds.louvain.write"),
                new Row(
                        "gds mutate",
                        "CALL gds.louvain.mutate('attnflow-heads', {mutateProperty: 'x'}) YIELD communityCount RETURN 1",
                        403,
                        "gds.louvain.mutate"),
                new Row(
                        "gds project",
                        "CALL gds.graph.project('g', '*', '*') YIELD nodeCount RETURN nodeCount",
                        403,
                        "gds.graph.project"),
                new Row("gds drop", "CALL gds.graph.drop('attnflow-heads')", 403, "gds.graph.drop"),
                new Row("unknown function", "RETURN evil.fn(1) AS x", 403, "evil.fn"),
                new Row("allowed db.labels", "CALL db.labels()", 200, "label"),
                new Row("allowed db.schema.visualization", "CALL db.schema.visualization()", 200, "nodes"),
                new Row(
                        "allowed temporal function",
                        "RETURN duration.between(date('2020-01-01'), date('2020-01-02')) AS d",
                        200,
                        "P0M1D"),
                // admin commands, transactions, databases
                new Row("SHOW TRANSACTIONS", "SHOW TRANSACTIONS", 403, "SHOW TRANSACTIONS"),
                new Row("TERMINATE TRANSACTIONS", "TERMINATE TRANSACTIONS 'neo4j-transaction-1'", 403, "TERMINATE"),
                new Row("SHOW USERS", "SHOW USERS", 403, "SHOW USERS"),
                new Row("SHOW PROCEDURES", "SHOW PROCEDURES YIELD name RETURN name", 403, "SHOW"),
                new Row("USE system", "USE system SHOW DATABASES", 403, "USE"),
                new Row("USE neo4j", "USE neo4j MATCH (n) RETURN count(n)", 403, "USE"),
                new Row(
                        "CALL IN TRANSACTIONS",
                        "UNWIND [1] AS x CALL { WITH x RETURN x AS y } IN TRANSACTIONS RETURN y",
                        403,
                        "IN TRANSACTIONS"),
                new Row("two statements", "MATCH (n) RETURN count(n); MATCH (n) DETACH DELETE n", 403, "2 statements"),
                new Row("two reads", "RETURN 1; RETURN 2", 403, "statements"),
                new Row("CREATE USER", "CREATE USER eve SET PASSWORD 'secret-password'", 403, "CREATE USER"),
                new Row("ALTER USER", "ALTER USER neo4j SET PASSWORD 'secret-password'", 403, "ALTER USER"),
                new Row("GRANT", "GRANT ROLE admin TO eve", 403, "GRANT"),
                new Row("STOP DATABASE", "STOP DATABASE neo4j", 403, "STOP DATABASE"),
                // the kinds of writes
                new Row("CREATE node", "CREATE (:Intruder)", 403, "change the graph"),
                new Row(
                        "CREATE relationship",
                        "MATCH (a:Model), (b:Model) CREATE (a)-[:X]->(b)",
                        403,
                        "change the graph"),
                new Row("MERGE", "MERGE (:Intruder {x: 1})", 403, "change the graph"),
                new Row("SET property", "MATCH (s:Sentence) SET s.text = 'changed'", 403, "change the graph"),
                new Row("SET label", "MATCH (s:Sentence) SET s:Intruder", 403, "change the graph"),
                new Row("REMOVE", "MATCH (s:Sentence) REMOVE s.text", 403, "change the graph"),
                new Row("DELETE", "MATCH (m:Model) DELETE m", 403, "change the graph"),
                new Row("DETACH DELETE", "MATCH (n) DETACH DELETE n", 403, "change the graph"),
                new Row("FOREACH SET", "MATCH (s:Sentence) FOREACH (x IN [1] | SET s.x = x)", 403, "change the graph"),
                new Row("CREATE INDEX", "CREATE INDEX intruder FOR (n:Intruder) ON (n.x)", 403, "CREATE INDEX"),
                new Row("DROP CONSTRAINT", "DROP CONSTRAINT token_key", 403, "DROP CONSTRAINT"),
                new Row("PROFILE a write", "PROFILE CREATE (:Intruder)", 403, "change the graph"),
                // size: query text, nesting, one huge value
                new Row("nested brackets", nested, 400, "at most " + 32),
                new Row("long query", "RETURN '" + "x".repeat(20_000) + "' AS s", 400, "at most 16384"),
                new Row("range 1e8", "RETURN range(1, 100000000)", 400, "at most 1000000"),
                new Row("range 2e7", "RETURN range(1, 20000000) AS r", 400, "at most 1000000"),
                new Row(
                        "huge string",
                        "RETURN reduce(s = 'x', i IN range(1, 22) | s + s) AS s",
                        400,
                        "at most 1000000"),
                new Row("unclosed string", "RETURN 'abc", 400, "unclosed"),
                // what must keep working
                new Row("a read", "MATCH (m:Model) RETURN m.id AS id", 200, "all-minilm-l6-v2"),
                new Row(
                        "keywords in a string",
                        "RETURN 'LOAD CSV FROM file:///etc/passwd; SHOW USERS' AS s",
                        200,
                        "SHOW USERS"),
                new Row(
                        "keywords in a comment",
                        "MATCH (m:Model) RETURN m.id // LOAD CSV, USE system",
                        200,
                        "all-minilm-l6-v2"),
                new Row("ordered read", "MATCH (t:Token) RETURN t.pos AS pos ORDER BY pos DESC LIMIT 2", 200, "pos"),
                new Row("a big but allowed value", "RETURN size(range(1, 100000000)) AS n", 200, "100000000"),
                new Row("EXPLAIN", "EXPLAIN MATCH (m:Model) RETURN m.id", 200, "ProduceResults"),
                new Row("PROFILE", "PROFILE MATCH (m:Model) RETURN m.id AS id", 200, "dbHits"));
    }

    @BeforeAll
    void start() throws Exception {
        Path data = dir.resolve("data");
        graph = GraphConnection.open(new GraphSettings(data, 0, null, null, null, null));
        Files.writeString(data.resolve("import").resolve("secret.csv"), SECRET + "\n");
        ingestor = new CatalogIngestor(ModelCatalog.standard(), graph, StoredWeights.DEFAULT_FLOOR);
        ingestor.ingest("all-minilm-l6-v2", List.of(SentenceInput.of("The cat sat on the mat.")));
        ApiSettings settings = ApiSettings.defaults().withPort(0);
        server = new ApiServer(settings, ApiWiring.services(graph, settings, ingestor)).start();
        base = server.url().replaceAll("/$", "");
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        before = counts();
        // warm the server and the driver (first request, JIT) so the 1 s health bound measures steady state
        for (int i = 0; i < 3; i++) {
            http.send(cypher("MATCH (m:Model) RETURN m.id"), HttpResponse.BodyHandlers.ofString());
            http.send(
                    HttpRequest.newBuilder(URI.create(base + "/api/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    @AfterAll
    void stop() {
        if (server != null) server.close();
        if (ingestor != null) ingestor.close();
        if (graph != null) graph.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void eachRowGetsItsStatusAndLeavesNoTrace(Row row) throws Exception {
        CompletableFuture<HttpResponse<String>> answer =
                http.sendAsync(cypher(row.query()), HttpResponse.BodyHandlers.ofString());
        assertHealthy("during " + row.name());
        HttpResponse<String> r = answer.get();
        assertEquals(row.status(), r.statusCode(), row.name() + ": " + r.body());
        assertTrue(r.body().contains(row.says()), row.name() + " must say " + row.says() + ": " + r.body());
        assertNoLeak(row.name(), r.body());
        if (r.statusCode() != 200) assertTrue(JSON.readTree(r.body()).has("error"), r.body());
        assertEquals(before, counts(), row.name() + " changed the graph");
        assertHealthy("after " + row.name());
    }

    @Test
    void thirtyNestedBracketQueriesInParallelAreAllRefusedAtOnce() throws Exception {
        String nested = "RETURN " + "(".repeat(5_000) + "1" + ")".repeat(5_000);
        long t0 = System.nanoTime();
        List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
        for (int i = 0; i < 30; i++) all.add(http.sendAsync(cypher(nested), HttpResponse.BodyHandlers.ofString()));
        assertHealthy("during 30 nested queries");
        for (CompletableFuture<HttpResponse<String>> f : all) {
            HttpResponse<String> r = f.get();
            assertEquals(400, r.statusCode(), r.body());
            assertTrue(r.body().contains("nests brackets 5000 deep"), r.body());
            assertNoLeak("nested", r.body());
        }
        assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "30 nested queries took over 10 s");
        assertEquals(before, counts());
        assertHealthy("after 30 nested queries");
    }

    @Test
    void explainAndProfileReturnThePlan() throws Exception {
        JsonNode explain = JSON.readTree(
                http.send(cypher("EXPLAIN MATCH (m:Model) RETURN m.id"), HttpResponse.BodyHandlers.ofString())
                        .body());
        assertEquals("ProduceResults", explain.get("plan").get("operator").asText(), explain.toString());
        assertEquals(0, explain.get("rows").size());
        JsonNode profile = JSON.readTree(
                http.send(cypher("PROFILE MATCH (m:Model) RETURN m.id AS id"), HttpResponse.BodyHandlers.ofString())
                        .body());
        assertEquals("all-minilm-l6-v2", profile.get("rows").get(0).get(0).asText(), profile.toString());
        assertTrue(profile.get("plan").has("dbHits"), profile.toString());
    }

    @Test
    void theCypherCommandRefusesTheSameAndAttachesWithThePassword() {
        Path data = dir.resolve("data");
        for (String query : List.of(
                "LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l",
                "CALL dbms.components()",
                "SHOW TRANSACTIONS",
                "CREATE (:Intruder)")) {
            StringWriter out = new StringWriter(), err = new StringWriter();
            int code = Main.commandLine()
                    .setOut(new PrintWriter(out))
                    .setErr(new PrintWriter(err))
                    .execute("cypher", "--data-dir", data.toString(), query);
            assertEquals(1, code, query + ": " + out + err);
            assertTrue(err.toString().contains("refused"), err.toString());
            assertNoLeak(query, out + err.toString());
        }
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.commandLine()
                .setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err))
                .execute("cypher", "--data-dir", data.toString(), "MATCH (m:Model) RETURN m.id");
        assertEquals(0, code, err.toString());
        assertTrue(out.toString().contains("all-minilm-l6-v2"), out.toString());
        assertEquals(before, counts());
    }

    @Test
    void boltOverTcpWithoutOrWithAWrongPasswordIsRefused() throws Exception {
        String uri = graph.uri();
        for (var token : List.of(
                AuthTokens.none(), AuthTokens.basic("neo4j", "wrong-password"), AuthTokens.basic("neo4j", "neo4j"))) {
            try (Driver d = GraphDatabase.driver(uri, token)) {
                assertThrowsAuth(d);
            }
        }
        int port = graph.embedded().orElseThrow().boltPort();
        assertEquals(BoltProbe.Outcome.REFUSED, BoltProbe.overTcp(port));
        assertEquals(before, counts());
        assertHealthy("after Bolt TCP");
        assertEquals(
                graph.embedded().orElseThrow().password(),
                BoltPassword.read(dir.resolve("data")).orElseThrow());
    }

    @Test
    void boltOverWebSocketFromAForeignOriginWithoutCredentialsIsRefused() throws Exception {
        int port = graph.embedded().orElseThrow().boltPort();
        assertEquals(BoltProbe.Outcome.REFUSED, BoltProbe.overWebSocket(port, "http://evil.example"));
        assertEquals(before, counts());
        assertHealthy("after Bolt WebSocket");
    }

    private static void assertThrowsAuth(Driver d) {
        try {
            d.verifyConnectivity();
            throw new AssertionError("connected without the password");
        } catch (AuthenticationException expected) {
            assertNotNull(expected.getMessage());
        }
    }

    private HttpRequest cypher(String query) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", query);
        return HttpRequest.newBuilder(URI.create(base + "/api/cypher"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build();
    }

    private void assertHealthy(String when) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/health"))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(200, r.statusCode(), when + ": " + r.body());
        assertTrue(ms < 1000, when + ": /api/health took " + ms + " ms");
    }

    private void assertNoLeak(String row, String answer) {
        assertFalse(answer.contains("root:x:0:0"), row + " leaked /etc/passwd: " + answer);
        assertFalse(answer.contains(SECRET), row + " leaked a file of the import root: " + answer);
        assertFalse(answer.contains(graph.embedded().orElseThrow().password()), row + " leaked the Bolt password");
        for (String name : List.of("PATH", "JAVA_HOME", "MAVEN_HOME", "HOSTNAME")) {
            String value = System.getenv(name);
            if (value != null && value.length() >= 8) {
                assertFalse(answer.contains(value), row + " leaked the environment (" + name + "): " + answer);
            }
        }
        assertFalse(answer.matches("(?s).*\\bat [a-z]+\\.[\\w.$]+\\(.*"), row + " holds a stack trace: " + answer);
        assertFalse(answer.contains("Exception:"), row + " holds an exception: " + answer);
    }

    private String counts() {
        GraphReader.Counts c = new GraphReader(graph).counts();
        try (var s = graph.session()) {
            long nodes = s.run("MATCH (n) RETURN count(n)").single().get(0).asLong();
            long rels =
                    s.run("MATCH ()-[r]->() RETURN count(r)").single().get(0).asLong();
            long indexes = s.run("SHOW INDEXES YIELD name RETURN count(*)")
                    .single()
                    .get(0)
                    .asLong();
            return nodes + " nodes, " + rels + " relationships, " + indexes + " indexes, " + c.sentences()
                    + " sentences";
        }
    }
}
