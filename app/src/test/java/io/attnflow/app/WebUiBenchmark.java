package io.attnflow.app;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Render speed of the web UI in headless Chromium, read from the page's own performance.now() marks
 * ({@code window.attnflow.perf}). A benchmark, not a test: it runs only with {@code -Dattnflow.bench=true} and
 * prints medians (see BENCHMARKS.md for the command). {@code -Dattnflow.bench.stores=embedded,bolt} (the default)
 * names the stores whose first renders it measures, page loads alternating between them in the same run: the
 * embedded store read through Neo4j's Java API, as {@code attnflow demo} runs it, and a server over Bolt
 * (neo4j-harness). The τ steps run on the first one named; the 512-token sentence is stored over Bolt only.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@EnabledIfSystemProperty(named = "attnflow.bench", matches = "true")
class WebUiBenchmark {

    private static final int RUNS = 7;
    private final Map<String, UiStack> stacks = new LinkedHashMap<>();
    private UiStack stack; // the first store named: the τ steps
    private ChromeDriver browser;

    @BeforeAll
    void start() throws Exception {
        browser = HeadlessChromium.start(Path.of("target", "screenshots", "downloads"));
        for (String store :
                System.getProperty("attnflow.bench.stores", "embedded,bolt").split(",")) {
            UiStack s =
                    switch (store.trim()) {
                            // 128 only: the 512-token sentence's 375k relationships exceed the transaction memory that
                            // the
                            // embedded store allows in a test JVM's heap (an eighth of it, StoreMemory)
                        case "embedded" -> UiStack.embedded(Files.createTempDirectory("attnflow-bench-store"), 128);
                        case "bolt" -> UiStack.start(128, 512);
                        default -> throw new IllegalArgumentException(
                                "attnflow.bench.stores: embedded or bolt, not " + store);
                    };
            stacks.put(store.trim(), s);
            if (stack == null) stack = s;
        }
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) browser.quit();
        for (UiStack s : stacks.values()) s.close();
    }

    @Test
    void rendersTracesAndTauStepsInHeadlessChromium() {
        String model = stack.models().get(0);
        for (int n : List.of(128, 512)) {
            for (double tau : n == 128 ? List.of(0.1, 0.05) : List.of(0.1, 0.2)) firstRender(model, n, tau, "layered");
        }
        firstRender(model, 128, 0.05, "rings");
        firstRender(model, 512, 0.1, "rings");
        // τ steps on the n=128 sentence, typed into the τ box (the slider is logarithmic): 0.01 apart.
        browser.get(stack.baseUrl() + "/?model=" + model + "&sid=" + stack.sentenceOfLength(128) + "&tau=0.05");
        waitForPerf(1);
        WebElement box = browser.findElement(By.id("tau-num"));
        // Every τ at or above the loaded one is derived in the browser, up or down; below it, from the trace the page
        // fetched ahead at a lower τ once it has arrived (else the API is asked).
        List<Double> up = new ArrayList<>();
        List<Double> down = new ArrayList<>();
        List<Double> below = new ArrayList<>();
        List<Double> api = new ArrayList<>();
        List<Double> fetch = new ArrayList<>();
        List<Double> upDraw = new ArrayList<>();
        List<Double> upPaint = new ArrayList<>();
        List<Double> upDerive = new ArrayList<>();
        List<Double> upScene = new ArrayList<>();
        List<Double> upPanels = new ArrayList<>();
        List<List<Double>> belowSplit =
                List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        int count = 1;
        List<Double> taus = new ArrayList<>();
        for (int i = 1; i <= 10; i++) taus.add(0.05 + 0.01 * i);
        for (int i = 9; i >= 0; i--) taus.add(0.05 + 0.01 * i);
        for (int i = 1; i <= 4; i++) taus.add(0.05 - 0.005 * i);
        double prev = 0.05;
        for (double tau : taus) {
            tau = Math.round(tau * 1e4) / 1e4;
            box.sendKeys(Keys.chord(Keys.CONTROL, "a"), String.valueOf(tau), Keys.TAB);
            Map<String, Object> p = waitForPerf(++count);
            boolean derived = Boolean.TRUE.equals(p.get("derived"));
            assertTrue(derived || tau < 0.05, "τ ≥ the loaded τ is derived in the browser");
            if (!derived) {
                api.add(num(p, "sinceInputMs"));
                fetch.add(num(p, "fetchMs"));
            } else if (tau < 0.05) {
                below.add(num(p, "sinceInputMs"));
                String[] keys = {"fetchMs", "modelMs", "panelsMs", "drawMs", "paintMs"};
                for (int k = 0; k < keys.length; k++) belowSplit.get(k).add(num(p, keys[k]));
            } else if (tau > prev) {
                up.add(num(p, "sinceInputMs"));
                upDraw.add(num(p, "drawMs"));
                upPaint.add(num(p, "paintMs"));
                upDerive.add(num(p, "fetchMs"));
                upScene.add(num(p, "modelMs"));
                upPanels.add(num(p, "panelsMs"));
            } else {
                down.add(num(p, "sinceInputMs"));
            }
            prev = tau;
        }
        System.out.printf(
                Locale.ROOT,
                "UI tau step [" + stacks.keySet().iterator().next()
                        + " store] n=128 (0.05..0.15, 0.01 apart): up (client-side) median %.0f ms (derive %.0f ms,"
                        + " scene %.0f ms, panels %.0f ms, draw %.0f ms, to the next frame %.0f ms), max %.0f ms; down to >= the loaded tau (client-side) median %.0f ms,"
                        + " max %.0f ms; below the loaded tau (0.045..0.03): %d of %d derived from the trace fetched"
                        + " ahead, median %.0f ms (derive %.0f, scene %.0f, panels %.0f, draw %.0f, to the next frame"
                        + " %.0f), max %.0f ms; %d asked the API, median %.0f ms (API fetch %.0f ms)%n",
                median(up),
                median(upDerive),
                median(upScene),
                median(upPanels),
                median(upDraw),
                median(upPaint),
                Collections.max(up),
                median(down),
                Collections.max(down),
                below.size(),
                below.size() + api.size(),
                median(below),
                median(belowSplit.get(0)),
                median(belowSplit.get(1)),
                median(belowSplit.get(2)),
                median(belowSplit.get(3)),
                median(belowSplit.get(4)),
                below.isEmpty() ? Double.NaN : Collections.max(below),
                api.size(),
                median(api),
                median(fetch));
        // The worst case of a step down: at once after the first render, while the trace ahead is still on its way.
        List<Double> early = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            browser.get(stack.baseUrl() + "/?model=" + model + "&sid=" + stack.sentenceOfLength(128) + "&tau=0.05");
            waitForPerf(1);
            browser.findElement(By.id("tau-num")).sendKeys(Keys.chord(Keys.CONTROL, "a"), "0.045", Keys.TAB);
            early.add(num(waitForPerf(2), "sinceInputMs"));
        }
        System.out.printf(
                Locale.ROOT,
                "UI tau step n=128 0.05 -> 0.045 at once after the first render (waits for the trace fetched"
                        + " ahead): median %.0f ms, max %.0f ms%n",
                median(early),
                Collections.max(early));
    }

    /** Page loads of one view, alternating between the stores, so that each store's median is from the same run. */
    private void firstRender(String model, int n, double tau, String layout) {
        Map<String, Samples> by = new LinkedHashMap<>();
        for (String store : stacks.keySet()) by.put(store, new Samples());
        for (int i = 0; i < RUNS; i++) {
            for (Map.Entry<String, UiStack> e : stacks.entrySet()) {
                UiStack s = e.getValue();
                if (!s.hasLength(n)) continue;
                String sid = s.sentenceOfLength(n);
                browser.get(s.baseUrl() + "/?model=" + model + "&sid=" + sid + "&tau=" + tau + "&layout=" + layout);
                Map<String, Object> last = waitForPerf(1);
                // The page then fetches a trace at a lower τ in the background: let the server finish it before the
                // next load, so that each first render starts on an idle server, as a user's does.
                new WebDriverWait(browser, Duration.ofSeconds(120))
                        .until(d -> Boolean.TRUE.equals(
                                ((JavascriptExecutor) d).executeScript("return !window.attnflow.fetchingAhead()")));
                by.get(e.getKey()).add(last);
            }
        }
        for (Map.Entry<String, Samples> e : by.entrySet()) {
            Samples x = e.getValue();
            if (x.last == null) continue;
            System.out.printf(
                    Locale.ROOT,
                    "UI first render [%s store] %s %s n=%d tau=%.2f: %d trace edges, %d drawn edges:"
                            + " median total %.0f ms (of it render %.0f ms: scene %.0f, panels %.0f, draw %.0f, to the"
                            + " next frame %.0f; fetch %.0f ms: until the trace's headers %.0f, its body %.0f,"
                            + " JSON.parse %.0f), min %.0f, max %.0f%n",
                    e.getKey(),
                    layout,
                    layout.equals("rings") ? "svg" : "canvas",
                    (long) num(x.last, "n"),
                    tau,
                    (long) num(x.last, "traceEdges"),
                    (long) num(x.last, "drawn"),
                    x.median("totalMs"),
                    x.median("renderMs"),
                    x.median("modelMs"),
                    x.median("panelsMs"),
                    x.median("drawMs"),
                    x.median("paintMs"),
                    x.median("fetchMs"),
                    x.median("headersMs"),
                    x.median("bodyMs"),
                    x.median("parseMs"),
                    Collections.min(x.of("totalMs")),
                    Collections.max(x.of("totalMs")));
            assertTrue(num(x.last, "drawn") > 0, "the trace rendered");
        }
    }

    /** One store's page loads of one view: each perf entry's numbers by key. */
    private static final class Samples {
        private final Map<String, List<Double>> values = new LinkedHashMap<>();
        private Map<String, Object> last;

        void add(Map<String, Object> perf) {
            last = perf;
            for (String k : List.of(
                    "totalMs",
                    "renderMs",
                    "paintMs",
                    "fetchMs",
                    "headersMs",
                    "bodyMs",
                    "parseMs",
                    "modelMs",
                    "panelsMs",
                    "drawMs")) of(k).add(num(perf, k));
        }

        List<Double> of(String key) {
            return values.computeIfAbsent(key, k -> new ArrayList<>());
        }

        double median(String key) {
            return WebUiBenchmark.median(of(key));
        }
    }

    private Map<String, Object> waitForPerf(int count) {
        return waitForPerf(browser, count);
    }

    /** The page's newest render record once it is idle and has recorded {@code count} renders (window.attnflow.perf). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> waitForPerf(ChromeDriver browser, int count) {
        return (Map<String, Object>)
                new WebDriverWait(browser, Duration.ofSeconds(120)).until(d -> ((JavascriptExecutor) d)
                        .executeScript(
                                "const a = window.attnflow; return a && a.idle && a.perf.length >= arguments[0]"
                                        + " ? JSON.parse(JSON.stringify(a.perf[a.perf.length - 1])) : null",
                                count));
    }

    private static double num(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v == null ? Double.NaN : ((Number) v).doubleValue();
    }

    static double median(List<Double> xs) {
        if (xs.isEmpty()) return Double.NaN;
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }
}
