package io.attnflow.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Drives the web UI's comparison of two models and its exports in a real headless Chromium against the real app,
 * as {@link WebUiEndToEndTest} does for the single-model trace: the compare views hold exactly what the API serves,
 * and the PNG, SVG and JSON exports of the compare screen are real files with every drawn edge.
 */
class WebUiCompareExportTest extends WebUiTestBase {

    @Test
    @Order(1)
    void compareModeShowsTheServersComparisonAndTheTracesOfBothModels() throws Exception {
        browser.get(stack.baseUrl() + "/");
        waitForRender(0);
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
        assertEquals(edgesA, edgeIds("graphA"));
        assertEquals(edgesB, edgeIds("graphB"));
        shot("07-compare-side-by-side");
        r = renders();
        new Select(browser.findElement(By.id("view"))).selectByValue("overlay");
        waitForRender(r);
    }

    @Test
    @Order(2)
    void exportingPngDownloadsAPictureAndSvgHasEveryEdge() throws Exception {
        Path downloads = SCREENSHOTS.resolve("downloads");
        try (Stream<Path> old = Files.list(downloads)) {
            // Only this test's layered exports: the Token Rings export of WebUiViewsTest is kept for the README.
            for (Path p : old.toList()) if (p.toString().contains("-layered.")) Files.delete(p);
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
                return files.filter(p -> p.toString().endsWith("-layered.png"))
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
                ((Number) js("return window.attnflow.graphA.edgeIds().length")).longValue(),
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
}
