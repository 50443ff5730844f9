package io.attnflow.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.attnflow.core.model.SentenceInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Drives the web UI in a real headless Chromium against the real app (embedded Neo4j, real model ingest, the API
 * server) and checks that what Cytoscape holds is exactly the trace the API serves.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebUiEndToEndTest {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private UiStack stack;
    private ChromeDriver browser;
    private TraceApiClient api;

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

    @Test
    @Order(1)
    void theFirstScreenShowsTheBackwardTraceFromClsWithoutAnyClick() throws Exception {
        browser.get(stack.baseUrl() + "/");
        waitForRender(0);
        Map<String, Object> st = state();
        assertEquals("backward", st.get("dir"));
        assertFalse(((String) st.get("sid")).isEmpty(), "a stored sentence was chosen");
        assertGraphEqualsApiTrace();
        assertTrue(traceNodeIds().contains("n" + layers() + "_0"), "[CLS] at the last layer is in the trace");
        assertTrue(
                edgeIds().size() <= 600,
                "τ opens where the drawn token pairs fit the budget: "
                        + edgeIds().size());
        shot("01-first-screen");
    }

    @Test
    @Order(2)
    void choosingAnotherSentenceTracesIt() throws Exception {
        String before = (String) state().get("sid");
        List<WebElement> sentences = browser.findElements(By.cssSelector("#sentences button.sentence"));
        assertTrue(sentences.size() >= 2, "the list shows the stored sentences");
        WebElement other = sentences.stream()
                .filter(b -> !before.equals(b.getAttribute("data-sid")))
                .findFirst()
                .orElseThrow();
        String sid = other.getAttribute("data-sid");
        int r = renders();
        other.click();
        waitForRender(r);
        assertEquals(sid, state().get("sid"));
        assertTrue(browser.getCurrentUrl().contains("sid=" + sid), "the sentence is in the URL");
        assertGraphEqualsApiTrace();
        shot("02-sentence");
    }

    @Test
    @Order(3)
    void raisingTauWithTheKeyboardDerivesTheTraceInTheBrowserExactlyAsTheApiTracesIt() throws Exception {
        int edgesBefore = edgeIds().size();
        double tauBefore = ((Number) state().get("tau")).doubleValue();
        double loadedTau = ((Number) js("return window.attnflow.tracedTau")).doubleValue();
        int perfBefore = perfCount();
        int r = renders();
        // The slider is logarithmic: 60 of its 1000 steps up from here.
        WebElement tau = browser.findElement(By.id("tau"));
        for (int i = 0; i < 60; i++) tau.sendKeys(Keys.ARROW_RIGHT);
        waitForRender(r);
        new WebDriverWait(browser, Duration.ofSeconds(60))
                .until(d -> Boolean.TRUE.equals(js(
                        "const a = window.attnflow; return a.idle && a.tracedTau === a.state.tau"
                                + " && a.state.tau > arguments[0]",
                        tauBefore)));
        double tauAfter = ((Number) state().get("tau")).doubleValue();
        assertTrue(tauAfter > tauBefore, "the slider raised τ");
        assertEquals(
                List.of(true),
                tauStepsSince(perfBefore).stream().distinct().toList(),
                "every τ increase was derived in the browser, without an API call");
        assertGraphEqualsApiTrace();
        assertLoadedTraceEqualsApiTrace();
        assertTrue(edgeIds().size() < edgesBefore, "a higher τ keeps fewer edges");
        assertTrue(browser.getCurrentUrl().contains("tau=" + tauAfter), "τ is in the URL");
        shot("03-tau");

        // Typing a τ below the loaded one needs edges the page does not have: the API is asked again.
        double lower = Math.round((loadedTau - 0.01) * 1e4) / 1e4;
        perfBefore = perfCount();
        r = renders();
        setTauBox(lower);
        waitForTau(lower);
        waitForRender(r);
        waitForIdleAfterTau(lower);
        assertEquals(List.of(false), tauStepsSince(perfBefore), "a τ below the loaded one is traced by the API");
        assertGraphEqualsApiTrace();
        assertLoadedTraceEqualsApiTrace();

        // Back up to any τ above the loaded one: derived again, also when it is a decrease from the last τ.
        perfBefore = perfCount();
        r = renders();
        setTauBox(tauAfter);
        waitForIdleAfterTau(tauAfter);
        assertEquals(List.of(true), tauStepsSince(perfBefore));
        assertGraphEqualsApiTrace();
        assertLoadedTraceEqualsApiTrace();
        String top = browser.findElement(By.id("tau-top")).getText();
        assertTrue(top.startsWith("only [CLS] from "), "the slider's end is marked: " + top);
    }

    private void setTauBox(double tau) {
        WebElement box = browser.findElement(By.id("tau-num"));
        box.sendKeys(Keys.chord(Keys.CONTROL, "a"), String.valueOf(tau), Keys.TAB);
    }

    @Test
    @Order(4)
    void clickingATokenInTheGraphTracesBackwardFromIt() throws Exception {
        int mid = layers() / 2;
        // The trace node at a middle layer with the highest flow value.
        String id = (String) js(
                "const ns = window.attnflow.cy.nodes('.trace').filter(n => n.data('layer') === arguments[0]);"
                        + "return ns.max(n => n.data('value')).ele.id();",
                mid);
        int pos = Integer.parseInt(id.substring(id.indexOf('_') + 1));
        int r = renders();
        clickNode(id);
        waitForRender(r);
        Map<String, Object> st = state();
        assertEquals(mid, ((Number) st.get("layer")).intValue());
        assertEquals(List.of((long) pos), st.get("tokens"));
        assertGraphEqualsApiTrace();
        Set<String> nodes = traceNodeIds();
        assertTrue(nodes.contains(id), "the clicked token starts the trace");
        assertTrue(
                nodes.stream().allMatch(n -> Integer.parseInt(n.substring(1, n.indexOf('_'))) <= mid),
                "a backward trace from layer " + mid + " stays at or below it");
        shot("04-token-click");
    }

    @Test
    @Order(5)
    void clickingAHeadFiltersTheTraceToIt() throws Exception {
        Map<String, Object> st = state();
        JsonNode trace = apiTraceFor(st, (String) st.get("model"));
        // The most important head of the current trace, below the start layer.
        int bestLayer = 1, bestHead = 0;
        double best = -1;
        JsonNode imp = trace.get("headImportance");
        for (int l = 0; l < imp.size(); l++) {
            for (int h = 0; h < imp.get(l).size(); h++) {
                if (imp.get(l).get(h).asDouble() > best) {
                    best = imp.get(l).get(h).asDouble();
                    bestLayer = l + 1;
                    bestHead = h;
                }
            }
        }
        int edgesBefore = edgeIds().size();
        int r = renders();
        browser.findElement(
                        By.cssSelector("button.hcell[data-layer='" + bestLayer + "'][data-head='" + bestHead + "']"))
                .click();
        waitForRender(r);
        List<?> heads = (List<?>) state().get("heads");
        assertEquals(1, heads.size());
        assertEquals(Map.of("layer", (long) bestLayer, "head", (long) bestHead), heads.get(0));
        assertGraphEqualsApiTrace();
        assertTrue(edgeIds().size() <= edgesBefore, "one head in a layer carries no more edges than all of them");
        shot("05-head-filter");
    }

    @Test
    @Order(6)
    void compareModeShowsTheServersComparisonAndTheTracesOfBothModels() throws Exception {
        Map<String, Object> st = state();
        String a = (String) st.get("model");
        String b = stack.models().stream().filter(m -> !m.equals(a)).findFirst().orElseThrow();
        int r = renders();
        browser.findElement(By.id("clear-heads")).click();
        waitForRender(r);
        r = renders();
        new Select(browser.findElement(By.id("cmp"))).selectByValue(b);
        waitForRender(r);
        st = state();
        assertEquals(b, st.get("cmp"));
        assertEquals("overlay", st.get("view"), "the default compare view is the server's attention change");
        CompareScreen.assertNumbersEqualApi(browser, api, a, b, (String) st.get("sid"), st.get("tau"), layers());
        assertEquals(
                CompareScreen.pairClasses(api, a, b, (String) st.get("sid"), st.get("tau")),
                CompareScreen.drawnClasses(browser),
                "the overlay draws every token pair above τ in either model, classed as the server's edges say");
        assertTrue(
                browser.findElement(By.id("legend")).getText().contains("only in A"),
                "the legend explains the colours");
        shot("06-compare-change");

        r = renders();
        new Select(browser.findElement(By.id("view"))).selectByValue("traces");
        waitForRender(r);
        Set<String> edgesA = TraceApiClient.summedEdgeIds(apiTraceFor(st, a));
        Set<String> edgesB = TraceApiClient.summedEdgeIds(apiTraceFor(st, b));
        Set<String> union = new TreeSet<>(edgesA);
        union.addAll(edgesB);
        assertEquals(union, edgeIds(), "where the traces go: the union of both models' trace edges");
        Set<String> shared = new HashSet<>(edgesA);
        shared.retainAll(edgesB);
        assertEquals(shared, edgeIdsWhere("shared"));
        assertEquals(
                edgesA.stream().filter(e -> !edgesB.contains(e)).collect(Collectors.toSet()), edgeIdsWhere("onlyA"));
        assertEquals(
                edgesB.stream().filter(e -> !edgesA.contains(e)).collect(Collectors.toSet()), edgeIdsWhere("onlyB"));
        shot("06b-compare-traces");

        r = renders();
        new Select(browser.findElement(By.id("view"))).selectByValue("side");
        waitForRender(r);
        assertEquals(edgesA, edgeIds("cy"));
        assertEquals(edgesB, edgeIds("cyB"));
        shot("07-compare-side-by-side");
        r = renders();
        new Select(browser.findElement(By.id("view"))).selectByValue("overlay");
        waitForRender(r);
    }

    @Test
    @Order(7)
    void exportingPngDownloadsAPictureAndSvgHasEveryEdge() throws Exception {
        Path downloads = SCREENSHOTS.resolve("downloads");
        try (Stream<Path> old = Files.list(downloads)) {
            for (Path p : old.toList()) Files.delete(p);
        }
        browser.findElement(By.id("export-png")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30))
                .until(d -> js("return window.attnflow.lastExport && window.attnflow.lastExport.type") != null);
        @SuppressWarnings("unchecked")
        Map<String, Object> export = (Map<String, Object>) js("return window.attnflow.lastExport");
        assertEquals("png", export.get("type"));
        assertEquals(List.of(137L, 80L, 78L, 71L, 13L, 10L, 26L, 10L), export.get("magic"), "a PNG signature");
        assertTrue(((Number) export.get("size")).longValue() > 10_000, "a real picture, not an empty canvas");
        Path png = new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> {
            try (Stream<Path> files = Files.list(downloads)) {
                return files.filter(p -> p.toString().endsWith(".png"))
                        .findFirst()
                        .orElse(null);
            } catch (IOException e) {
                return null;
            }
        });
        byte[] head = Files.readAllBytes(png);
        assertEquals((byte) 0x89, head[0]);
        assertEquals('P', head[1]);
        browser.findElement(By.id("export-svg")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30))
                .until(d -> "svg".equals(js("return window.attnflow.lastExport.type")));
        assertEquals(
                ((Number) js("return window.attnflow.cy.edges(':visible').length")).longValue(),
                ((Number) js("return window.attnflow.lastExport.lines")).longValue(),
                "the SVG has one line per drawn edge");
        ExportCheck.assertTitledWithAxisAndLegend(
                (String) js("return window.attnflow.lastExport.svg"), state(), layers());
        browser.findElement(By.id("export-json")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30))
                .until(d -> "json".equals(js("return window.attnflow.lastExport.type")));
        List<?> keys = (List<?>) js("return window.attnflow.lastExport.keys");
        for (String k : List.of("model", "sid", "text", "tau", "alpha", "direction", "start", "heads", "a")) {
            assertTrue(keys.contains(k), "the JSON export carries " + k + ": " + keys);
        }
        shot("08-export");
    }

    @Test
    @Order(8)
    void typingANewSentenceIngestsAndTracesIt() throws Exception {
        browser.get(stack.baseUrl() + "/");
        waitForRender(0);
        String text = "The weather was not nice today \uD83C\uDF27.";
        // chromedriver types only the Basic Multilingual Plane: the emoji goes in through the DOM.
        js("const t = document.getElementById('ingest-text'); t.value = arguments[0];", text);
        int r = renders();
        browser.findElement(By.cssSelector("#ingest-form button[type=submit]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(120))
                .until(d -> Boolean.TRUE.equals(js(
                        "return window.attnflow.renders > arguments[0]"
                                + " && window.attnflow.idle && window.attnflow.state.sid === arguments[1]",
                        r,
                        SentenceInput.of(text).id())));
        assertGraphEqualsApiTrace();
        // Read through encodeURIComponent: chromedriver cannot return text outside the Basic Multilingual Plane.
        String status = java.net.URLDecoder.decode(
                (String) js("return encodeURIComponent(document.getElementById('ingest-status').textContent)"),
                java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(status.contains("Ingested"), status);
        assertTrue(status.contains("became [UNK]") && status.contains("\uD83C\uDF27"), "the emoji is named: " + status);
        shot("09-ingested");
    }

    @Test
    @Order(9)
    void anUnknownSentenceShowsTheApisErrorMessage() throws Exception {
        browser.get(stack.baseUrl() + "/?sid=no-such-sentence");
        waitForRender(0);
        WebElement overlay = browser.findElement(By.id("overlay"));
        assertTrue(overlay.isDisplayed(), "the error is shown over the graph");
        String shown = overlay.getText();
        assertFalse(shown.isBlank());
        assertEquals(js("return window.attnflow.error"), shown, "the message is the API's own");
        shot("10-error");
    }

    @Test
    @Order(10)
    void tokenRingsDrawTheTraceAndTheComparisonOnRings() throws Exception {
        browser.get(stack.baseUrl() + "/?layout=rings");
        waitForRender(0);
        assertEquals("rings", state().get("layout"));
        JsonNode trace = apiTraceFor(state(), (String) state().get("model"));
        Set<String> ringNodes =
                ids("return [...document.querySelectorAll('#rings circle.node.trace')].map(c => 'n' + c.id.slice(1))");
        assertEquals(TraceApiClient.nodeIds(trace), ringNodes, "one dot per trace node, on its layer's ring");
        assertEquals(
                TraceApiClient.summedEdgeIds(trace),
                ids("return [...document.querySelectorAll('#rings path.edge')].map(p => 'e' + p.dataset.key)"),
                "one curve per token pair and layer");
        Set<String> ringLabels =
                ids("return [...document.querySelectorAll('#rings text.ring-label')].map(t => t.textContent)");
        assertTrue(
                ringLabels.contains("L0 input") && ringLabels.contains("L" + layers()),
                "rings are labelled: " + ringLabels);
        shot("11-rings");

        String a = (String) state().get("model");
        String b = stack.models().stream().filter(m -> !m.equals(a)).findFirst().orElseThrow();
        int r = renders();
        new Select(browser.findElement(By.id("cmp"))).selectByValue(b);
        waitForRender(r);
        Map<String, Object> st = state();
        Map<String, String> server = CompareScreen.pairClasses(api, a, b, (String) st.get("sid"), st.get("tau"));
        Map<String, String> drawn = CompareScreen.ringClasses(browser);
        assertFalse(drawn.isEmpty());
        for (Map.Entry<String, String> e : drawn.entrySet()) {
            assertEquals(
                    server.get(e.getKey()),
                    e.getValue(),
                    "the rings colour " + e.getKey() + " as the server's edges say");
        }
        int top = layers();
        assertEquals(
                server.keySet().stream()
                        .filter(k -> k.startsWith("e" + (top - 1) + "_") && k.endsWith("_0"))
                        .collect(Collectors.toSet()),
                drawn.keySet().stream()
                        .filter(k -> k.startsWith("e" + (top - 1) + "_") && k.endsWith("_0"))
                        .collect(Collectors.toSet()),
                "every pair either model has into [CLS] at the top layer radiates from the centre");
        shot("12-rings-compare");
        browser.findElement(By.id("export-svg")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30))
                .until(d -> "svg".equals(js("return window.attnflow.lastExport && window.attnflow.lastExport.type")));
        ExportCheck.assertTitledWithAxisAndLegend((String) js("return window.attnflow.lastExport.svg"), st, layers());
        browser.findElement(By.id("export-png")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30))
                .until(d -> "png".equals(js("return window.attnflow.lastExport.type")));
        assertEquals(2.0, ((Number) js("return window.attnflow.lastExport.scale")).doubleValue(), "PNG at 2x");
    }

    @Test
    @Order(11)
    void theKeyboardMovesBetweenTokensAndEnterTracesFromOne() throws Exception {
        browser.get(stack.baseUrl() + "/");
        waitForRender(0);
        int L = layers();
        WebElement graph = browser.findElement(By.id("graphs"));
        graph.sendKeys(Keys.ARROW_DOWN, Keys.ARROW_RIGHT);
        WebElement tip = browser.findElement(By.id("tooltip"));
        assertTrue(tip.isDisplayed(), "the focused token shows its tooltip");
        assertTrue(tip.getText().contains("position 1 · layer " + (L - 1)), tip.getText());
        int r = renders();
        graph.sendKeys(Keys.ENTER);
        waitForRender(r);
        Map<String, Object> st = state();
        assertEquals(L - 1, ((Number) st.get("layer")).intValue());
        assertEquals(List.of(1L), st.get("tokens"));
        assertGraphEqualsApiTrace();
        assertFalse(browser.findElement(By.id("tooltip")).isDisplayed(), "the tooltip went with the old graph");
    }

    @Test
    @Order(12)
    void narrowWindowsStackThePanelsWithoutOverlap() throws Exception {
        try {
            for (int width : List.of(900, 360)) {
                browser.manage().window().setSize(new org.openqa.selenium.Dimension(width, 900));
                browser.get(stack.baseUrl() + "/");
                waitForRender(0);
                List<?> boxes = (List<?>)
                        js("return ['.sidebar', '.rightbar', '.controls', '#graphs', '.strip-panel', '#legend']"
                                + ".map(s => { const r = document.querySelector(s).getBoundingClientRect();"
                                + " return [s, r.left, r.top, r.right, r.bottom]; })");
                for (int i = 0; i < boxes.size(); i++) {
                    for (int j = i + 1; j < boxes.size(); j++) {
                        List<?> p = (List<?>) boxes.get(i);
                        List<?> q = (List<?>) boxes.get(j);
                        boolean overlap = num(p, 1) < num(q, 3) - 0.5
                                && num(q, 1) < num(p, 3) - 0.5
                                && num(p, 2) < num(q, 4) - 0.5
                                && num(q, 2) < num(p, 4) - 0.5;
                        assertFalse(overlap, width + " px: " + p + " overlaps " + q);
                    }
                }
                Object hit = js("const c = document.querySelector('button.hcell'); c.scrollIntoView();"
                        + " const r = c.getBoundingClientRect();"
                        + " return document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) === c;");
                assertEquals(Boolean.TRUE, hit, width + " px: the head matrix can be clicked");
                shot("13-width-" + width);
            }
        } finally {
            browser.manage().window().setSize(new org.openqa.selenium.Dimension(1500, 950));
        }
    }

    @Test
    @Order(13)
    void theHeadAndModelViewsDrawTheStoredAttention() throws Exception {
        browser.get(stack.baseUrl() + "/?tab=head&hvlayer=2&hvhead=3");
        new WebDriverWait(browser, Duration.ofSeconds(60))
                .until(d -> Boolean.TRUE.equals(js("return !!(window.attnflow && window.attnflow.headView)")));
        String sid = (String) state().get("sid");
        String model = (String) state().get("model");
        assertEquals(nonZero(model, sid, 2, 3), lines(), "one line per stored weight of layer 2, head 3");
        shot("14-head-view");

        browser.get(stack.baseUrl() + "/?tab=model");
        new WebDriverWait(browser, Duration.ofSeconds(120))
                .until(d -> Boolean.TRUE.equals(js(
                        "const m = window.attnflow.modelView;" + " return !!m && m.drawn === m.cells && m.cells > 0")));
        int L = ((Number) js("return window.attnflow.models.find(m => m.id === window.attnflow.state.model).layers"))
                .intValue();
        int H = ((Number) js("return window.attnflow.models.find(m => m.id === window.attnflow.state.model).heads"))
                .intValue();
        assertEquals(L * H, ((Number) js("return window.attnflow.modelView.cells")).intValue(), "L×H thumbnails");
        shot("15-model-view");
        js("window.attnflow.headView = null");
        browser.findElement(By.cssSelector("#model-view canvas[data-layer='4'][data-head='5']"))
                .click();
        new WebDriverWait(browser, Duration.ofSeconds(60))
                .until(d -> Boolean.TRUE.equals(js("return !!window.attnflow.headView")));
        assertEquals("head", state().get("tab"));
        assertEquals(4L, state().get("hvLayer"));
        assertEquals(nonZero(model, sid, 4, 5), lines(), "the thumbnail opened its head");
    }

    @Test
    @Order(14)
    void theCorpusTabShowsHeadImportanceAndBehaviourAndOpensSentences() throws Exception {
        browser.get(stack.baseUrl() + "/?tab=corpus&tau=0.1");
        new WebDriverWait(browser, Duration.ofSeconds(60))
                .until(d -> ((Number) js("return document.querySelectorAll('#corpus-grids figure').length")).intValue()
                        >= 8);
        String model = (String) state().get("model");
        JsonNode imp = api.get("/api/models/" + model + "/heads/importance?tau=0.1");
        for (JsonNode h : imp.get("heads")) {
            String v = browser.findElement(
                            By.cssSelector("#corpus-grids figure:nth-of-type(1) button.hcell[data-layer='"
                                    + h.get("layer").asInt() + "'][data-head='"
                                    + h.get("head").asInt() + "']"))
                    .getAttribute("data-value");
            assertEquals(h.get("mean").asDouble(), Double.parseDouble(v), 0.0, "corpus importance of a head");
        }
        shot("16-corpus");
        // The [CLS] behaviour map is the second figure: its cells list the sentences where the head does it most.
        browser.findElement(By.cssSelector(
                        "#corpus-grids figure:nth-of-type(2) button.hcell[data-layer='3'][data-head='0']"))
                .click();
        new WebDriverWait(browser, Duration.ofSeconds(30))
                .until(d -> !browser.findElements(By.cssSelector("#corpus-sentences button.sentence"))
                        .isEmpty());
        WebElement first = browser.findElement(By.cssSelector("#corpus-sentences button.sentence"));
        String sid = first.getAttribute("data-sid");
        int r = renders();
        first.click();
        waitForRender(r);
        assertEquals("trace", state().get("tab"));
        assertEquals(sid, state().get("sid"));
        assertGraphEqualsApiTrace();
    }

    private int nonZero(String model, String sid, int layer, int head) throws Exception {
        JsonNode m =
                api.get("/api/models/" + model + "/sentences/" + sid + "/attention?layer=" + layer + "&head=" + head);
        int k = 0;
        for (JsonNode row : m.get("weights")) for (JsonNode w : row) if (w.asDouble() > 0) k++;
        return k;
    }

    private int lines() {
        return ((Number) js("return document.querySelectorAll('#head-view line.att').length")).intValue();
    }

    private static double num(List<?> box, int i) {
        return ((Number) box.get(i)).doubleValue();
    }

    // ---------------------------------------------------------------- helpers

    private void assertGraphEqualsApiTrace() throws Exception {
        Map<String, Object> st = state();
        JsonNode trace = apiTraceFor(st, (String) st.get("model"));
        assertTrue(trace.get("nodes").size() > 0, "the API's trace is not empty");
        assertEquals(TraceApiClient.nodeIds(trace), traceNodeIds(), "Cytoscape holds the trace's nodes");
        assertEquals(TraceApiClient.summedEdgeIds(trace), edgeIds(), "one edge per token pair and layer");
    }

    /**
     * The trace the page holds (per-head edges with their weights, node values as Cytoscape holds them, token
     * influence, head importance) equals the API's trace for the page's state.
     */
    private void assertLoadedTraceEqualsApiTrace() throws Exception {
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
        Map<String, Object> values = (Map<String, Object>) js("return Object.fromEntries(window.attnflow.cy"
                + ".nodes('.trace').map(n => [n.id(), n.data('value')]))");
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
    private static String normalise(String edge) {
        int eq = edge.indexOf('=');
        return edge.substring(0, eq + 1) + Double.parseDouble(edge.substring(eq + 1));
    }

    private int perfCount() {
        return ((Number) js("return window.attnflow.perf.length")).intValue();
    }

    /** Whether each τ step timed since the given perf count was derived in the browser. */
    private List<Boolean> tauStepsSince(int perfBefore) {
        List<?> flags = (List<?>) js(
                "return window.attnflow.perf.slice(arguments[0]).filter(p => p.kind === 'tau').map(p => p.derived)",
                perfBefore);
        return flags.stream().map(Boolean.class::cast).toList();
    }

    /** Waits until the trace drawn is the one for τ (moves during a trace collapse into one more trace after it). */
    private void waitForIdleAfterTau(double tau) {
        new WebDriverWait(browser, Duration.ofSeconds(60))
                .until(d -> Boolean.TRUE.equals(js(
                        "const a = window.attnflow; return a.idle && Math.abs(a.state.tau - arguments[0]) < 1e-9"
                                + " && a.tracedTau === a.state.tau",
                        tau)));
    }

    private JsonNode apiTraceFor(Map<String, Object> st, String model) throws Exception {
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

    private int layers() {
        return ((Number) js("return window.attnflow.traceA.headImportance.length")).intValue();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> state() {
        return (Map<String, Object>) js("return JSON.parse(JSON.stringify(window.attnflow.state))");
    }

    private int renders() {
        Object r = js("return window.attnflow ? window.attnflow.renders : 0");
        return r == null ? 0 : ((Number) r).intValue();
    }

    /** Waits until the UI finished a render after the given count (-1: any new page's first render). */
    private void waitForRender(int after) {
        new WebDriverWait(browser, Duration.ofSeconds(60))
                .until(d -> Boolean.TRUE.equals(js(
                        "return !!(window.attnflow && window.attnflow.idle"
                                + " && window.attnflow.renders > arguments[0])",
                        Math.max(after, 0))));
    }

    private void waitForTau(double tau) {
        new WebDriverWait(browser, Duration.ofSeconds(30))
                .until(d -> Math.abs(((Number) js("return window.attnflow.state.tau")).doubleValue() - tau) < 1e-9);
    }

    private Set<String> traceNodeIds() {
        return ids("return window.attnflow.cy.nodes('.trace').map(n => n.id())");
    }

    private Set<String> edgeIds() {
        return edgeIds("cy");
    }

    private Set<String> edgeIds(String graph) {
        return ids("return window.attnflow." + graph + ".edges().map(e => e.id())");
    }

    private Set<String> edgeIdsWhere(String cmp) {
        return ids(
                "return window.attnflow.cy.edges().filter(e => e.data('cmp') === arguments[0]).map(e => e.id())", cmp);
    }

    private Set<String> ids(String script, Object... args) {
        List<?> list = (List<?>) js(script, args);
        return list.stream().map(String::valueOf).collect(Collectors.toCollection(TreeSet::new));
    }

    private void clickNode(String id) {
        @SuppressWarnings("unchecked")
        Map<String, Object> at = (Map<String, Object>) js(
                "const cy = window.attnflow.cy; const n = cy.getElementById(arguments[0]);"
                        + "cy.center(n); const p = n.renderedPosition();"
                        + "return {x: p.x, y: p.y, w: cy.width(), h: cy.height()};",
                id);
        WebElement container = browser.findElement(By.id("cy"));
        int dx = (int) Math.round(((Number) at.get("x")).doubleValue() - ((Number) at.get("w")).doubleValue() / 2);
        int dy = (int) Math.round(((Number) at.get("y")).doubleValue() - ((Number) at.get("h")).doubleValue() / 2);
        new Actions(browser).moveToElement(container, dx, dy).click().perform();
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    private void shot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    }
}
