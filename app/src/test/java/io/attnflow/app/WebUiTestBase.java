package io.attnflow.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The app (in-process Neo4j, two real bundled models, the API server) and a real headless Chromium for the browser
 * tests, with what they read from the page: the state, the graph's ids, the API's trace for the page's state.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class WebUiTestBase {

    protected static final Path SCREENSHOTS = Path.of("target", "screenshots");

    protected UiStack stack;
    protected ChromeDriver browser;
    protected TraceApiClient api;

    @BeforeAll
    void startAppAndBrowser() throws Exception {
        browser = HeadlessChromium.start(SCREENSHOTS.resolve("downloads"));
        stack = UiStack.start();
        api = new TraceApiClient(stack.baseUrl());
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) browser.quit();
        if (stack != null) stack.close();
    }

    // ---------------------------------------------------------------- helpers

    protected void assertGraphEqualsApiTrace() throws Exception {
        Map<String, Object> st = state();
        JsonNode trace = apiTraceFor(st, (String) st.get("model"));
        assertTrue(trace.get("nodes").size() > 0, "the API's trace is not empty");
        assertEquals(TraceApiClient.nodeIds(trace), traceNodeIds(), "the layered view draws the trace's nodes");
        assertEquals(TraceApiClient.summedEdgeIds(trace), edgeIds(), "one edge per token pair and layer");
    }

    /**
     * The trace the page holds (per-head edges with their weights, node values as Cytoscape holds them, token
     * influence, head importance) equals the API's trace for the page's state.
     */
    protected void assertLoadedTraceEqualsApiTrace() throws Exception {
        Map<String, Object> st = state();
        JsonNode trace = apiTraceFor(st, (String) st.get("model"));
        List<String> apiEdges = new ArrayList<>();
        for (JsonNode e : trace.get("edges")) {
            apiEdges.add(e.get("fromLayer").asInt() + "_" + e.get("fromPos").asInt() + "_"
                    + e.get("toLayer").asInt() + "_" + e.get("toPos").asInt() + "_h"
                    + e.get("head").asInt() + "=" + e.get("w").asDouble());
        }
        List<?> pageEdges = (List<?>) js("return window.attnflow.traceA.edges.map(e => e.fromLayer + '_' + e.fromPos"
                + " + '_' + e.toLayer + '_' + e.toPos + '_h' + e.head + '=' + e.w)");
        assertEquals(
                apiEdges.stream().map(WebUiEndToEndTest::normalise).toList(),
                pageEdges.stream()
                        .map(String::valueOf)
                        .map(WebUiEndToEndTest::normalise)
                        .toList(),
                "the same per-head edges in the same order");
        @SuppressWarnings("unchecked")
        Map<String, Object> values = (Map<String, Object>) js("return window.attnflow.graphA.nodeValues()");
        assertEquals(trace.get("nodes").size(), values.size());
        for (JsonNode n : trace.get("nodes")) {
            String id = "n" + n.get("layer").asInt() + "_" + n.get("pos").asInt();
            assertEquals(n.get("value").asDouble(), ((Number) values.get(id)).doubleValue(), 1e-12, "flow of " + id);
        }
        List<?> influence = (List<?>) js("return window.attnflow.traceA.influence");
        assertEquals(trace.get("influence").size(), influence.size());
        for (int i = 0; i < influence.size(); i++) {
            assertEquals(
                    trace.get("influence").get(i).asDouble(),
                    ((Number) influence.get(i)).doubleValue(),
                    1e-12,
                    "influence of token " + i);
        }
        List<?> importance = (List<?>) js("return window.attnflow.traceA.headImportance");
        for (int l = 0; l < importance.size(); l++) {
            List<?> row = (List<?>) importance.get(l);
            for (int h = 0; h < row.size(); h++) {
                assertEquals(
                        trace.get("headImportance").get(l).get(h).asDouble(),
                        ((Number) row.get(h)).doubleValue(),
                        1e-12,
                        "importance of head " + (l + 1) + ":" + h);
            }
        }
    }

    /** Prints an edge's weight the Java way on both sides (JavaScript prints 1 as "1" and 1e-4 as "0.0001"). */
    protected static String normalise(String edge) {
        int eq = edge.indexOf('=');
        return edge.substring(0, eq + 1) + Double.parseDouble(edge.substring(eq + 1));
    }

    protected int perfCount() {
        return ((Number) js("return window.attnflow.perf.length")).intValue();
    }

    /** Whether each τ step timed since the given perf count was derived in the browser. */
    protected List<Boolean> tauStepsSince(int perfBefore) {
        List<?> flags = (List<?>) js(
                "return window.attnflow.perf.slice(arguments[0]).filter(p => p.kind === 'tau').map(p => p.derived)",
                perfBefore);
        return flags.stream().map(Boolean.class::cast).toList();
    }

    /** Waits until the trace drawn is the one for τ (moves during a trace collapse into one more trace after it). */
    protected void waitForIdleAfterTau(double tau) {
        new WebDriverWait(browser, Duration.ofSeconds(60))
                .until(d -> Boolean.TRUE.equals(js(
                        "const a = window.attnflow; return a.idle && Math.abs(a.state.tau - arguments[0]) < 1e-9"
                                + " && a.tracedTau === a.state.tau",
                        tau)));
    }

    protected JsonNode apiTraceFor(Map<String, Object> st, String model) throws Exception {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("direction", st.get("dir"));
        p.put("tau", st.get("tau"));
        p.put("alpha", st.get("alpha"));
        p.put("fromLayer", st.get("layer"));
        p.put(
                "tokens",
                ((List<?>) st.get("tokens")).stream().map(String::valueOf).collect(Collectors.joining(",")));
        p.put(
                "heads",
                ((List<?>) st.get("heads"))
                        .stream()
                                .map(h -> ((Map<?, ?>) h).get("layer") + ":" + ((Map<?, ?>) h).get("head"))
                                .collect(Collectors.joining(",")));
        return api.trace(model, (String) st.get("sid"), p);
    }

    protected int layers() {
        return ((Number) js("return window.attnflow.traceA.headImportance.length")).intValue();
    }

    @SuppressWarnings("unchecked")
    protected Map<String, Object> state() {
        return (Map<String, Object>) js("return JSON.parse(JSON.stringify(window.attnflow.state))");
    }

    protected int renders() {
        Object r = js("return window.attnflow ? window.attnflow.renders : 0");
        return r == null ? 0 : ((Number) r).intValue();
    }

    /** Waits until the UI finished a render after the given count (-1: any new page's first render). */
    protected void waitForRender(int after) {
        new WebDriverWait(browser, Duration.ofSeconds(60))
                .until(d -> Boolean.TRUE.equals(js(
                        "return !!(window.attnflow && window.attnflow.idle"
                                + " && window.attnflow.renders > arguments[0])",
                        Math.max(after, 0))));
    }

    protected void waitForTau(double tau) {
        new WebDriverWait(browser, Duration.ofSeconds(30))
                .until(d -> Math.abs(((Number) js("return window.attnflow.state.tau")).doubleValue() - tau) < 1e-9);
    }

    protected Set<String> traceNodeIds() {
        return ids("return window.attnflow.graphA.traceNodeIds()");
    }

    protected Set<String> edgeIds() {
        return edgeIds("graphA");
    }

    protected Set<String> edgeIds(String graph) {
        return ids("return window.attnflow." + graph + ".edgeIds()");
    }

    protected Set<String> edgeIdsWhere(String cmp) {
        return ids(
                "return Object.entries(window.attnflow.graphA.edgeClasses()).filter(([, c]) => c === arguments[0])"
                        + ".map(([id]) => id)",
                cmp);
    }

    protected Set<String> ids(String script, Object... args) {
        List<?> list = (List<?>) js(script, args);
        return list.stream().map(String::valueOf).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Clicks a node of the layered view with the mouse: the view first centres it. */
    protected void clickNode(String id) {
        js("window.attnflow.graphA.centreOn(arguments[0])", id);
        new Actions(browser)
                .moveToElement(browser.findElement(By.id("layered")))
                .click()
                .perform();
    }

    protected Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    protected void shot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    }
}
