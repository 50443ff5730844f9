package io.attnflow.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.attnflow.core.model.SentenceInput;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Drives the web UI in a real headless Chromium against the real app (embedded Neo4j, real model ingest, the API
 * server) and checks that what the page holds is exactly what the API serves: traces, τ steps, clicks, ingest and
 * errors. The comparison and the exports are in {@link WebUiCompareExportTest}, the other views in {@link
 * WebUiViewsTest}.
 */
class WebUiEndToEndTest extends WebUiTestBase {

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

        // After a trace the page fetches the same request at a lower τ in the background: a τ below the loaded one
        // but not below that one is derived from it.
        double ahead = lowestHeldTau();
        assertTrue(ahead < loadedTau, "a trace at a lower τ was fetched ahead: " + ahead);
        double lower = Math.max(ahead, Math.round((loadedTau - 0.01) * 1e4) / 1e4);
        assertEquals(List.of(true), typeTau(lower), "a τ below the loaded one, from the trace ahead");
        assertGraphEqualsApiTrace();
        assertLoadedTraceEqualsApiTrace();

        // Below every trace the page holds it needs edges the page does not have: the API is asked again.
        double lowest = lowestHeldTau();
        double floor = ((Number)
                        js("return window.attnflow.models.find(m => m.id === window.attnflow.state.model).floor"))
                .doubleValue();
        double below = Math.round((lowest - 0.002) * 1e4) / 1e4;
        assertTrue(below >= floor, "room below the traces held: " + lowest);
        assertEquals(List.of(false), typeTau(below), "a τ below every held trace is traced by the API");
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

    /** The lowest τ of the traces the page holds, once no trace is being fetched ahead. */
    private double lowestHeldTau() {
        new WebDriverWait(browser, Duration.ofSeconds(60))
                .until(d -> Boolean.TRUE.equals(js("return !window.attnflow.fetchingAhead()")));
        List<?> taus = (List<?>) js("return window.attnflow.baseTaus()");
        return ((Number) taus.get(taus.size() - 1)).doubleValue();
    }

    /** Types τ into the box and waits for its trace; whether each τ step since was derived in the browser. */
    private List<Boolean> typeTau(double tau) {
        int perfBefore = perfCount();
        int r = renders();
        setTauBox(tau);
        waitForTau(tau);
        waitForRender(r);
        waitForIdleAfterTau(tau);
        return tauStepsSince(perfBefore);
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
                "return window.attnflow.graphA.m.nodes.filter(n => n.trace && n.layer === arguments[0])"
                        + ".reduce((a, b) => (b.value > a.value ? b : a)).id;",
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
    @Order(7)
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
}
