package io.attnflow.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.attnflow.core.model.SentenceInput;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Runs the UI's JavaScript unit tests that read the API's traces ({@code ui/src/test/js}: the browser's τ derivation,
 * {@code tau-derive.js}, must give exactly the trace the server gives at the higher τ, and the trace fetched as
 * columns must unpack into exactly {@code /trace}'s) on the traces the API gives in this run, so that JavaScript and
 * Java cannot drift apart unnoticed. The same traces are kept committed for the ui module's own {@code node --test};
 * they are rewritten when they differ, which they also do between CPUs (the forward pass's last bits), so a
 * difference alone is not a failure. Without node the test is skipped locally and fails under {@code CI=true}.
 */
class WebUiTraceFixturesTest {

    static final Path FIXTURES = Path.of("..", "ui", "src", "test", "js", "fixtures", "traces.json");

    /** A request at a low τ and the higher τs the JavaScript derives from it. */
    private record Case(String name, String text, Map<String, Object> request, double tau, List<Double> higher) {}

    private static final String MODEL = UiStack.MODELS.get(0);

    private static final List<Case> CASES = List.of(
            new Case(
                    "backward from [CLS], all heads",
                    "The cat sat on the mat.",
                    params("backward", 0.5, null, "", ""),
                    0.15,
                    List.of(0.2, 0.3, 0.45)),
            new Case(
                    "forward from one input word",
                    "The movie was not good at all.",
                    params("forward", 0.5, 0, "4", ""),
                    0.12,
                    List.of(0.2, 0.3)),
            new Case(
                    "backward from two tokens of a middle layer, selected heads, alpha 0.7",
                    "The movie was not good at all.",
                    params("backward", 0.7, 6, "1,4", "6:0,6:3,5:1,5:7,3:2,2:11,1:0"),
                    0.05,
                    List.of(0.09, 0.2)));

    private static Map<String, Object> params(
            String dir, double alpha, Integer fromLayer, String tokens, String heads) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("direction", dir);
        p.put("alpha", alpha);
        p.put("fromLayer", fromLayer);
        p.put("tokens", tokens);
        p.put("heads", heads);
        return p;
    }

    @Test
    void theSavedFixturesAreTheApisCurrentTraces() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("about", "Written by app WebUiTraceFixturesTest from the API; do not edit.");
        root.put("model", MODEL);
        ArrayNode cases = root.putArray("cases");
        try (UiStack stack = UiStack.start()) {
            TraceApiClient api = new TraceApiClient(stack.baseUrl());
            JsonNode model = api.get("/api/models/" + MODEL);
            for (Case c : CASES) {
                String sid = SentenceInput.of(c.text()).id();
                ObjectNode out = cases.addObject();
                out.put("name", c.name());
                out.put("sid", sid);
                out.put("layers", model.get("layers").asInt());
                out.put("heads", model.get("heads").asInt());
                out.put("scale", model.get("scale").asInt());
                out.set("request", json.valueToTree(c.request()));
                out.set("base", traceAt(api, sid, c, c.tau()));
                Map<String, Object> low = new LinkedHashMap<>(c.request());
                low.put("tau", c.tau());
                out.set("baseColumns", api.traceColumns(MODEL, sid, low));
                ArrayNode higher = out.putArray("higher");
                for (double tau : c.higher()) higher.add(traceAt(api, sid, c, tau));
            }
        }
        String fresh = json.writeValueAsString(root) + "\n";
        String saved = Files.exists(FIXTURES) ? Files.readString(FIXTURES, StandardCharsets.UTF_8) : "";
        if (!fresh.equals(saved)) {
            Files.createDirectories(FIXTURES.getParent());
            Files.writeString(FIXTURES, fresh, StandardCharsets.UTF_8);
            System.out.println("rewrote " + FIXTURES + " with this run's traces (commit it if core changed)");
        }
        Path thisRun = Files.createTempFile("attnflow-traces", ".json");
        try {
            Files.writeString(thisRun, fresh, StandardCharsets.UTF_8);
            NodeTests.run(thisRun, FIXTURE_TESTS);
        } finally {
            Files.deleteIfExists(thisRun);
        }
    }

    /** The JavaScript tests that read the traces ({@code trace-fixtures.js}). */
    private static final List<String> FIXTURE_TESTS =
            List.of("tau-derive.test.js", "tau-scale.test.js", "trace-columns.test.js", "layered.test.js");

    private static ObjectNode traceAt(TraceApiClient api, String sid, Case c, double tau) throws Exception {
        Map<String, Object> p = new LinkedHashMap<>(c.request());
        p.put("tau", tau);
        ObjectNode at = new ObjectMapper().createObjectNode();
        at.put("tau", tau);
        at.set("trace", api.trace(MODEL, sid, p));
        return at;
    }
}
