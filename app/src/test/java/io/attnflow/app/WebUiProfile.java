package io.attnflow.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.attnflow.api.ApiServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Where a τ step below the loaded τ spends its time: WebUiBenchmark's τ steps (n=128 on the embedded store, τ 0.05
 * loaded; 0.06…0.15 and back, then 0.045…0.03 derived from the trace fetched ahead), with a Chrome trace-event
 * recording and a V8 CPU profile of one page load's steps written to {@code -Dattnflow.bench.profile.out} (default target/profile; open them in
 * Perfetto or DevTools). {@code -Dattnflow.bench.profile.js=DIR,DIR} serves each directory's js/ files in turn, page
 * loads alternating, for a same-run A/B of two versions of the UI's JavaScript ("" = as built). Prints medians per
 * version. A benchmark: it runs only with {@code -Dattnflow.bench.profile=true}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@EnabledIfSystemProperty(named = "attnflow.bench.profile", matches = "true")
class WebUiProfile {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CATEGORIES = "devtools.timeline,disabled-by-default-devtools.timeline,"
            + "disabled-by-default-devtools.timeline.frame,blink,cc,viz,benchmark,toplevel,blink.user_timing";
    // WebUiBenchmark's τ steps: 10 up from 0.05, 10 down to it, then 4 below it
    private static final double[] STEPS = {
        0.06, 0.07, 0.08, 0.09, 0.1, 0.11, 0.12, 0.13, 0.14, 0.15, 0.14, 0.13, 0.12, 0.11, 0.1, 0.09, 0.08, 0.07, 0.06,
        0.05, 0.045, 0.04, 0.035, 0.03
    };
    private UiStack stack;
    private ChromeDriver browser;
    private CdpSession cdp;
    private Path served;
    private Path built;

    @BeforeAll
    void start() throws Exception {
        browser = HeadlessChromium.start(Path.of("target", "screenshots", "downloads"));
        stack = UiStack.embedded(Files.createTempDirectory("attnflow-profile-store"), 128);
        cdp = CdpSession.attach(browser);
        cdp.send("Network.enable", Map.of());
        cdp.send("Network.setCacheDisabled", Map.of("cacheDisabled", true));
        served = Path.of(ApiServer.class
                        .getResource("/public/attnflow/js/render.js")
                        .toURI())
                .getParent();
        built = Files.createTempDirectory("attnflow-built-js");
        copy(served, built);
    }

    @AfterAll
    void stop() throws Exception {
        if (built != null) copy(built, served);
        if (cdp != null) cdp.close();
        if (browser != null) browser.quit();
        if (stack != null) stack.close();
    }

    @Test
    void profilesStepsBelowTheLoadedTau() throws Exception {
        Path out = Path.of(System.getProperty("attnflow.bench.profile.out", "target/profile"));
        Files.createDirectories(out);
        List<String> versions =
                List.of(System.getProperty("attnflow.bench.profile.js", "").split(",", -1));
        int rounds = Integer.getInteger("attnflow.bench.profile.rounds", 5);
        Map<String, Map<String, List<Double>>> by = new LinkedHashMap<>();
        for (int r = 0; r <= rounds; r++) {
            for (int v = 0; v < versions.size(); v++) {
                String name = versions.get(v).isEmpty() ? "built" : versions.get(v);
                copy(versions.get(v).isEmpty() ? built : Path.of(versions.get(v), "js"), served);
                boolean traced = r == 0; // the traced round is not timed: tracing slows the page
                List<Map<String, Object>> steps = pageLoad(traced, out.resolve("v" + v));
                if (traced) continue;
                Map<String, List<Double>> m = by.computeIfAbsent(name, k -> new LinkedHashMap<>());
                for (Map<String, Object> p : steps) {
                    if (!Boolean.TRUE.equals(p.get("derived")) || ((Number) p.get("tau")).doubleValue() >= 0.05) {
                        continue;
                    }
                    for (String k : List.of("sinceInputMs", "fetchMs", "modelMs", "panelsMs", "drawMs", "paintMs")) {
                        m.computeIfAbsent(k, x -> new ArrayList<>()).add(((Number) p.get(k)).doubleValue());
                    }
                }
            }
        }
        for (Map.Entry<String, Map<String, List<Double>>> e : by.entrySet()) {
            Map<String, List<Double>> m = e.getValue();
            System.out.printf(
                    Locale.ROOT,
                    "UI profile [%s] step below the loaded tau, %d steps: median %.1f ms (derive %.1f, scene %.1f,"
                            + " panels %.1f, draw %.1f, to the next frame %.1f), max %.1f%n",
                    e.getKey(),
                    m.get("sinceInputMs").size(),
                    median(m.get("sinceInputMs")),
                    median(m.get("fetchMs")),
                    median(m.get("modelMs")),
                    median(m.get("panelsMs")),
                    median(m.get("drawMs")),
                    median(m.get("paintMs")),
                    Collections.max(m.get("sinceInputMs")));
        }
    }

    /** One page load at τ 0.05 and the steps; traced: with a trace and a CPU profile written to prefix-*. */
    private List<Map<String, Object>> pageLoad(boolean traced, Path prefix) throws Exception {
        browser.get(stack.baseUrl() + "/?model=" + stack.models().get(0) + "&sid=" + stack.sentenceOfLength(128)
                + "&tau=0.05");
        waitForPerf(1);
        new WebDriverWait(browser, Duration.ofSeconds(120))
                .until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d)
                        .executeScript("return !window.attnflow.fetchingAhead()"
                                + " && window.attnflow.baseTaus().some((t) => t <= 0.03)")));
        Thread.sleep(700); // the loaded traces are split by layer when the page is idle (tracing.js indexLater)
        cdp.drain();
        if (traced) {
            cdp.send("Profiler.enable", Map.of());
            cdp.send("Profiler.setSamplingInterval", Map.of("interval", 200));
            cdp.send("Tracing.start", Map.of("categories", CATEGORIES, "transferMode", "ReportEvents"));
            cdp.send("Profiler.start", Map.of());
        }
        List<Map<String, Object>> out = new ArrayList<>();
        int count = 1;
        for (double tau : STEPS) {
            browser.findElement(By.id("tau-num"))
                    .sendKeys(Keys.chord(Keys.CONTROL, "a"), String.valueOf(tau), Keys.TAB);
            Map<String, Object> p = new LinkedHashMap<>(waitForPerf(++count));
            p.put("tau", tau);
            out.add(p);
        }
        if (traced) {
            JsonNode profile = cdp.send("Profiler.stop", Map.of()).get("profile");
            Files.writeString(Path.of(prefix + "-cpu.cpuprofile"), JSON.writeValueAsString(profile));
            cdp.send("Tracing.end", Map.of());
            cdp.await("Tracing.tracingComplete", 60_000);
            ArrayNode events = JSON.createArrayNode();
            for (JsonNode e : cdp.drain()) {
                if ("Tracing.dataCollected".equals(e.path("method").asText())) {
                    events.addAll((ArrayNode) e.path("params").path("value"));
                }
            }
            Files.writeString(
                    Path.of(prefix + "-trace.json"),
                    JSON.writeValueAsString(JSON.createObjectNode().set("traceEvents", events)));
            System.out.println("UI profile: wrote " + prefix + "-trace.json (" + events.size() + " events) and "
                    + prefix + "-cpu.cpuprofile");
        }
        return out;
    }

    private static void copy(Path from, Path to) throws Exception {
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".js")).toList()) {
                Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private Map<String, Object> waitForPerf(int count) {
        return WebUiBenchmark.waitForPerf(browser, count);
    }

    private static double median(List<Double> xs) {
        return WebUiBenchmark.median(xs);
    }
}
