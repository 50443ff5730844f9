package io.attnflow.app.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.attnflow.api.json.Json;
import io.attnflow.graph.read.GraphReader;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Models, sentences, tokens and raw attention over really ingested sentences, and their error answers. */
class StoredDataEndpointsTest extends IngestedGraphTest {

    static JsonNode json(Response r) throws Exception {
        return Json.mapper().readTree(r.body().string());
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void modelsListsBothIngestedModelsWithTheirShapeFloorAndSentenceCount() {
        JavalinTest.test(graph.server().app(), (s, client) -> {
            Response r = client.get("/api/models");
            assertEquals(200, r.code());
            JsonNode models = json(r);
            Set<String> ids = new HashSet<>();
            for (JsonNode m : models) {
                ids.add(m.get("id").asText());
                assertEquals(12, m.get("layers").asInt());
                assertEquals(12, m.get("heads").asInt());
                assertEquals(0.01, m.get("floor").asDouble(), 1e-12);
                assertEquals(ApiTestGraph.SENTENCES.size(), m.get("sentences").asInt());
            }
            assertEquals(Set.of(ApiTestGraph.A, ApiTestGraph.B), ids);
            assertEquals(
                    ApiTestGraph.B,
                    json(client.get("/api/models/" + ApiTestGraph.B)).get("id").asText());
        });
    }

    @Test
    void sentencesAreSearchedByTextCaseInsensitivelyAndPaged() {
        JavalinTest.test(graph.server().app(), (s, client) -> {
            JsonNode hit = json(client.get("/api/sentences?q=GUITAR"));
            assertEquals(1, hit.get("total").asInt());
            JsonNode pair = hit.get("items").get(0);
            assertEquals("Someone plays music.", pair.get("textB").asText());
            assertEquals(graph.sid(2), pair.get("id").asText());

            JsonNode page1 = json(client.get("/api/sentences?corpus=fixture&limit=2&offset=0"));
            JsonNode page2 = json(client.get("/api/sentences?corpus=fixture&limit=2&offset=2"));
            assertEquals(3, page1.get("total").asInt());
            assertEquals(2, page1.get("items").size());
            assertEquals(1, page2.get("items").size());
            Set<String> seen = new HashSet<>();
            for (JsonNode p : new JsonNode[] {page1, page2})
                for (JsonNode i : p.get("items")) seen.add(i.get("id").asText());
            assertEquals(3, seen.size(), "the pages neither overlap nor miss a sentence");

            JsonNode one = json(client.get("/api/sentences/" + graph.sid(1)));
            assertEquals("The movie was not good at all.", one.get("text").asText());
            assertEquals(2, one.get("models").size());
        });
    }

    @Test
    void tokensOfAPairRunFromClsThroughBothSentencesWithTokenTypes() {
        JavalinTest.test(graph.server().app(), (s, client) -> {
            JsonNode answer =
                    json(client.get("/api/models/" + ApiTestGraph.A + "/sentences/" + graph.sid(2) + "/tokens"));
            assertTrue(answer.get("prediction").isNull(), "a model without a classifier head predicts nothing");
            JsonNode tokens = answer.get("tokens");
            assertEquals("[CLS]", tokens.get(0).get("text").asText());
            assertEquals("[SEP]", tokens.get(tokens.size() - 1).get("text").asText());
            assertEquals(0, tokens.get(1).get("type").asInt());
            assertEquals(1, tokens.get(tokens.size() - 2).get("type").asInt());
            assertEquals(graph.storedA.get(2).n(), tokens.size());
        });
    }

    @Test
    void rawAttentionIsTheStoredMatrixWhoseRowsSumToAboutOne() {
        GraphReader reader = new GraphReader(graph.connection);
        JavalinTest.test(graph.server().app(), (s, client) -> {
            String sid = graph.sid(0);
            Response r =
                    client.get("/api/models/" + ApiTestGraph.B + "/sentences/" + sid + "/attention?layer=3&head=7");
            assertEquals(200, r.code());
            JsonNode body = json(r);
            JsonNode w = body.get("weights");
            int n = body.get("tokens").size();
            assertEquals(n, w.size());
            float[][] stored = reader.attention(ApiTestGraph.B, sid, 3, 7).orElseThrow();
            for (int i = 0; i < n; i++) {
                double sum = 0;
                for (int j = 0; j < n; j++) {
                    assertEquals(stored[i][j], w.get(i).get(j).floatValue(), 0f);
                    sum += w.get(i).get(j).asDouble();
                }
                // only weights below the floor (0.01 each) are missing from a softmax row
                assertTrue(sum <= 1.0 + n * 5e-5 && sum >= 1.0 - n * 0.01, "row " + i + " sums to " + sum);
            }
        });
    }

    @Test
    void badParametersAnswer400AndUnknownModelsOrSentences404WithAnErrorResponse() {
        JavalinTest.test(graph.server().app(), (s, client) -> {
            String base = "/api/models/" + ApiTestGraph.A + "/sentences/" + graph.sid(0);
            JsonNode layer = json(client.get(base + "/attention?layer=13&head=0"));
            assertEquals(400, layer.get("status").asInt());
            assertTrue(layer.get("message").asText().contains("1..12"), layer.toString());
            JsonNode head = json(client.get(base + "/attention?layer=1&head=-1"));
            assertEquals(400, head.get("status").asInt());
            assertTrue(head.get("details").has("head"), head.toString());
            JsonNode notANumber = json(client.get(base + "/attention?layer=one&head=0"));
            assertEquals(400, notANumber.get("status").asInt());
            assertTrue(notANumber.get("message").asText().contains("'one'"), notANumber.toString());
            JsonNode missing = json(client.get(base + "/attention?head=0"));
            assertEquals(400, missing.get("status").asInt());
            assertTrue(missing.get("message").asText().contains("layer"));
            JsonNode paging = json(client.get("/api/sentences?limit=0"));
            assertEquals(400, paging.get("status").asInt());

            Response unknownModel = client.get("/api/models/no-such-model/sentences/" + graph.sid(0) + "/tokens");
            assertEquals(404, unknownModel.code());
            assertTrue(json(unknownModel).get("message").asText().contains("no-such-model"));
            Response unknownSentence =
                    client.get("/api/models/" + ApiTestGraph.A + "/sentences/0000000000000000/tokens");
            assertEquals(404, unknownSentence.code());
            assertTrue(json(unknownSentence).get("message").asText().contains("ingest"));
            assertEquals(404, client.get("/api/sentences/0000000000000000").code());
            assertEquals(404, client.get("/api/models/no-such-model").code());
        });
    }

    @Test
    void valuesFromTheRequestAreCypherParametersSoAnInjectionDoesNothing() {
        long nodes = graph.count("MATCH (n) RETURN count(n)");
        JavalinTest.test(graph.server().app(), (s, client) -> {
            String attack = "x' OR 1=1 WITH 1 AS x MATCH (n) DETACH DELETE n //";
            String attack2 = "\"}) MATCH (n) DETACH DELETE n RETURN 1 //";
            for (String q : new String[] {attack, attack2}) {
                Response r = client.get("/api/sentences?q=" + enc(q) + "&model=" + enc(q));
                assertEquals(200, r.code());
                assertEquals(0, json(r).get("total").asInt(), "the text is only searched for, never run");
            }
            assertEquals(
                    404,
                    client.get("/api/models/" + enc(attack2) + "/sentences/" + enc(attack) + "/tokens")
                            .code());
        });
        assertEquals(nodes, graph.count("MATCH (n) RETURN count(n)"), "the graph is unchanged");
        assertTrue(nodes > 0);
    }

    @Test
    void readOnlyCypherReturnsRowsAndTheGraphElementsInThem() {
        JavalinTest.test(graph.server().app(), (s, client) -> {
            Response r = client.post(
                    "/api/cypher",
                    "{\"query\":\"MATCH (m:Model {id: $id})<-[b:BY]-(r:Run) RETURN m, b, r.sid AS sid ORDER BY sid\","
                            + "\"params\":{\"id\":\"" + ApiTestGraph.A + "\"}}");
            assertEquals(200, r.code(), r.body().string());
            JsonNode body = json(r);
            assertEquals("[\"m\",\"b\",\"sid\"]", body.get("columns").toString());
            assertEquals(3, body.get("rows").size());
            assertEquals(1, body.get("nodes").size(), "the model node, once");
            assertEquals(3, body.get("relationships").size());
            assertFalse(body.get("truncated").asBoolean());
        });
    }

    @Test
    void everyKindOfWriteThroughTheCypherEndpointIsRefusedAndTheGraphIsUnchanged() {
        long nodes = graph.count("MATCH (n) RETURN count(n)");
        long rels = graph.count("MATCH ()-[r]->() RETURN count(r)");
        long props = graph.count("MATCH (m:Model) RETURN count(m.name)");
        String[] writes = {
            "CREATE (x:Evil) RETURN x",
            "MERGE (x:Evil {id: 1}) RETURN x",
            "MATCH (m:Model) SET m.name = 'owned' RETURN m",
            "MATCH (m:Model) REMOVE m.name RETURN m",
            "MATCH (n) DETACH DELETE n",
            "CREATE INDEX evil FOR (n:Evil) ON (n.id)",
            "MATCH (m:Model) WITH m LIMIT 1 CALL { WITH m SET m.x = 1 } RETURN 1",
            "CALL db.createLabel('Evil')",
            "LOAD CSV FROM 'file:///etc/passwd' AS line CREATE (:Evil {line: line})"
        };
        JavalinTest.test(graph.server().app(), (s, client) -> {
            for (String w : writes) {
                Response r = client.post("/api/cypher", Json.write(java.util.Map.of("query", w)));
                JsonNode error = json(r);
                assertTrue(r.code() == 403 || r.code() == 400, w + " -> " + r.code());
                assertFalse(error.get("message").asText().isBlank());
                assertFalse(error.toString().contains("at org."), "no stack trace");
            }
            JsonNode create = json(client.post("/api/cypher", "{\"query\":\"CREATE (x:Evil) RETURN x\"}"));
            assertEquals(403, create.get("status").asInt());
            assertEquals("write_refused", create.get("error").asText());
        });
        assertEquals(nodes, graph.count("MATCH (n) RETURN count(n)"));
        assertEquals(rels, graph.count("MATCH ()-[r]->() RETURN count(r)"));
        assertEquals(props, graph.count("MATCH (m:Model) RETURN count(m.name)"));
        assertEquals(0, graph.count("MATCH (m:Model) WHERE m.name = 'owned' OR m.x IS NOT NULL RETURN count(m)"));
        assertEquals(0, graph.count("SHOW INDEXES YIELD name WHERE name = 'evil' RETURN count(*)"));
    }

    @Test
    void malformedOrInvalidCypherRequestsAnswer400() {
        JavalinTest.test(graph.server().app(), (s, client) -> {
            JsonNode malformed = json(client.post("/api/cypher", "{\"query\": MATCH"));
            assertEquals(400, malformed.get("status").asInt());
            assertTrue(malformed.get("message").asText().startsWith("malformed JSON"), malformed.toString());
            JsonNode syntax = json(client.post("/api/cypher", "{\"query\":\"MATC (n) RETURN n\"}"));
            assertEquals(400, syntax.get("status").asInt());
            JsonNode empty = json(client.post("/api/cypher", "{\"query\":\"  \"}"));
            assertEquals(400, empty.get("status").asInt());
            JsonNode typo = json(client.post("/api/cypher", "{\"qeury\":\"MATCH (n) RETURN n\"}"));
            assertEquals(400, typo.get("status").asInt());
            assertTrue(typo.get("message").asText().contains("qeury"));
        });
    }
}
