package io.attnflow.app.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.attnflow.api.json.Json;
import io.attnflow.api.routes.TraceColumns;
import io.attnflow.core.model.SentenceInput;
import io.attnflow.core.trace.Direction;
import io.attnflow.core.trace.TraceRequest;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A trace's own time budget ({@code timeoutMs}, which the web UI sets on the traces it fetches ahead): past it Neo4j
 * stops the query's transaction and the API answers 400 at once, naming the bound; the store then runs no trace
 * query any more and answers the next request in full. Against the real store over Bolt, nothing mocked.
 */
class TraceTimeoutTest extends IngestedGraphTest {
    private static final double FLOOR = 0.01; // the store floor: the largest trace a sentence has
    private static String longSid; // a sentence of ~128 tokens, whose trace at the floor takes the store a while

    @BeforeAll
    static void ingestALongSentence() {
        String[] words = ("the cat sat on a mat and the dog ran to the park while it was warm so we went out for a"
                        + " long walk by the river then came back home")
                .split(" ");
        StringBuilder text = new StringBuilder();
        for (int k = 0; k < 124; k++) text.append(k == 0 ? "" : " ").append(words[k % words.length]);
        longSid = graph.ingestor
                .ingest(ApiTestGraph.B, List.of(new SentenceInput(text + ".", null, "timeout", null)))
                .get(0)
                .sid();
    }

    private static String columns(String sid, String query) {
        return "/api/models/" + ApiTestGraph.B + "/sentences/" + sid + "/trace/columns?tau=" + FLOOR + query;
    }

    /** The trace queries (trace.cypher, which starts with its name) the store is running now. */
    private static List<String> runningQueries() {
        try (var session = graph.connection.session()) {
            return session
                    .run("SHOW TRANSACTIONS YIELD currentQuery RETURN currentQuery")
                    .list(r -> r.get("currentQuery").asString(""))
                    .stream()
                    .filter(q -> q.startsWith("// trace "))
                    .toList();
        }
    }

    /** The check of runningQueries can see a trace query: one run from another thread is listed while it runs. */
    private static boolean runningQueriesSeeTheTraceQuery(String sid) {
        var req =
                new TraceRequest(ApiTestGraph.B, sid, Direction.BACKWARD, FLOOR, null, null, List.of(), Map.of(), 0.5);
        var done = new java.util.concurrent.atomic.AtomicBoolean();
        Thread t = new Thread(() -> {
            while (!done.get()) queries.trace(req);
        });
        t.start();
        try {
            for (int i = 0; i < 2000; i++) if (!runningQueries().isEmpty()) return true;
            return false;
        } finally {
            done.set(true);
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void aTracePastItsBudgetIsStoppedAndAnswered400QuicklyAndTheStoreIsFreeAfterwards() {
        String full = Json.write(TraceColumns.of(queries.scaledTrace(new TraceRequest(
                ApiTestGraph.B, longSid, Direction.BACKWARD, FLOOR, null, null, List.of(), Map.of(), 0.5))));
        long[] took = new long[2]; // the whole trace's time and the stopped one's, printed after the server's test run
        JavalinTest.test(graph.server().app(), (s, client) -> {
            long t0 = System.nanoTime();
            Response whole = client.get(columns(longSid, ""));
            long wholeMs = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(200, whole.code());
            assertEquals(full, whole.body().string());

            long t1 = System.nanoTime();
            Response r = client.get(columns(longSid, "&timeoutMs=1"));
            long ms = (System.nanoTime() - t1) / 1_000_000;
            String body = r.body().string();
            assertEquals(400, r.code(), body.substring(0, Math.min(300, body.length())));
            assertTrue(body.contains("1 ms") && body.contains("stopped"), body);
            took[0] = wholeMs;
            took[1] = ms;
            assertTrue(ms < wholeMs, "stopped after " + ms + " ms, the whole trace takes " + wholeMs + " ms");
            assertEquals(List.of(), runningQueries(), "the stopped trace query no longer runs in the store");
            assertTrue(runningQueriesSeeTheTraceQuery(longSid), "the check above would see a running trace query");

            Response next = client.get(columns(longSid, ""));
            assertEquals(200, next.code());
            assertEquals(full, next.body().string(), "the next trace is answered in full");
            Response generous = client.get(columns(longSid, "&timeoutMs=60000"));
            assertEquals(full, generous.body().string(), "a budget that suffices changes nothing");
        });
        System.out.printf("trace at the floor: whole %d ms; with timeoutMs=1 stopped after %d ms%n", took[0], took[1]);
    }

    @Test
    void aBudgetOutsideOneMsToTheServersOwnSixtySecondsIsABadRequest() {
        String sid = graph.sid(1);
        JavalinTest.test(graph.server().app(), (s, client) -> {
            for (String bad : List.of("0", "60001", "-5", "soon")) {
                Response r = client.get(columns(sid, "&timeoutMs=" + bad));
                String body = r.body().string();
                assertEquals(400, r.code(), bad + ": " + body);
                assertTrue(body.contains("timeoutMs"), body);
            }
        });
    }
}
