package io.attnflow.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The head-graph tab in a real headless Chromium: after {@code POST /api/heads/graph} over the two bundled models, it
 * draws one node per head of both models, the API's SIMILAR edges plus one counterpart line per base head, and a
 * click on a head opens the head view on it with the trace filtered to it, on a sentence the head's model holds.
 */
class HeadGraphUiTest extends WebUiTestBase {
    static final ObjectMapper JSON = new ObjectMapper();

    JsonNode post(String path, String body) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(stack.baseUrl() + path))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .timeout(Duration.ofMinutes(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    JsonNode get(String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(stack.baseUrl() + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    @Test
    @Order(1)
    void theHeadGraphTabDrawsBothModelsHeadsTheirEdgesAndCounterpartLines() throws Exception {
        String base = stack.models().get(0), other = stack.models().get(1);
        post("/api/heads/graph", "{\"models\":[\"" + base + "\",\"" + other + "\"]}");
        JsonNode view = get("/api/heads/graph");
        browser.get(stack.baseUrl() + "/?tab=heads");
        new WebDriverWait(browser, Duration.ofSeconds(120))
                .until(d -> d.findElement(By.id("hg-status")).getText().contains("SIMILAR edges"));
        Set<String> nodes = ids("return window.attnflow.cyHeads.nodes().map(n => n.id())");
        Set<String> expected = new TreeSet<>();
        for (JsonNode h : view.get("heads")) {
            expected.add(h.get("model").asText() + "|" + h.get("layer").asInt() + "|"
                    + h.get("head").asInt());
        }
        assertEquals(expected, nodes, "one node per head of the API's graph");
        assertEquals(
                view.get("edges").size(),
                ((Number) js("return window.attnflow.cyHeads.edges('.similar').length")).intValue());
        long baseHeads = 0;
        for (JsonNode h : view.get("heads"))
            if (h.get("model").asText().equals(view.get("models").get(0).asText())) baseHeads++;
        assertEquals(
                baseHeads, ((Number) js("return window.attnflow.cyHeads.edges('.counterpart').length")).longValue());
        shot("head-graph");
    }

    @Test
    @Order(2)
    void clickingAHeadOpensItsHeadViewAndFiltersTheTraceToIt() throws Exception {
        js(
                "window.attnflow.cyHeads.getElementById(arguments[0]).emit('tap')",
                stack.models().get(1) + "|3|2");
        new WebDriverWait(browser, Duration.ofSeconds(60))
                .until(d -> !d.findElement(By.id("tab-head")).isDisplayed() ? false : true);
        @SuppressWarnings("unchecked")
        Map<String, Object> st = (Map<String, Object>) js("return window.attnflow.state");
        assertEquals("head", st.get("tab"));
        assertEquals(stack.models().get(1), st.get("model"));
        assertEquals(3L, ((Number) st.get("hvLayer")).longValue());
        assertEquals(2L, ((Number) st.get("hvHead")).longValue());
        assertTrue(
                String.valueOf(st.get("heads")).contains("layer=3")
                        && String.valueOf(st.get("heads")).contains("head=2"),
                "the trace keeps only that head: " + st.get("heads"));
    }

    @Test
    @Order(3)
    void clickingAHeadOfAModelThatLacksTheChosenSentenceOpensOneItHolds() throws Exception {
        String base = stack.models().get(0), other = stack.models().get(1);
        String only = post(
                        "/api/models/" + base + "/sentences", "{\"text\":\"Only the first model has read this line.\"}")
                .get("sid")
                .asText();
        assertTrue(!holds(only, other), "the setting holds");
        browser.get(stack.baseUrl() + "/?tab=heads");
        new WebDriverWait(browser, Duration.ofSeconds(120))
                .until(d -> d.findElement(By.id("hg-status")).getText().contains("SIMILAR edges"));
        js("window.attnflow.state.sid = arguments[0]", only);
        js("window.attnflow.cyHeads.getElementById(arguments[0]).emit('tap')", other + "|2|1");
        new WebDriverWait(browser, Duration.ofSeconds(60))
                .until(d -> "head".equals(js("return window.attnflow.state.tab"))
                        && !d.findElement(By.id("hv-caption")).getText().isBlank());
        String sid = (String) js("return window.attnflow.state.sid");
        assertTrue(!only.equals(sid), "the head view moved off the sentence the clicked model lacks");
        assertTrue(holds(sid, other), "the head view shows a sentence the clicked model holds: " + sid);
        assertEquals(other, js("return window.attnflow.state.model"));
    }

    /** Whether {@code /api/sentences/{sid}} lists {@code model} among the models that hold it. */
    boolean holds(String sid, String model) throws Exception {
        for (JsonNode m : get("/api/sentences/" + sid).get("models"))
            if (m.asText().equals(model)) return true;
        return false;
    }
}
