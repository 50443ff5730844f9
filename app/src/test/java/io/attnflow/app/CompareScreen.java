package io.attnflow.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.TreeMap;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/** What the compare view shows, read from the page, against the server's /api/compare and /api/compare/edges. */
final class CompareScreen {

    private CompareScreen() {}

    /** JavaScript's toFixed: the exact binary value rounded half up (towards the larger n). */
    static String fixed(double v, int digits) {
        return new BigDecimal(v).setScale(digits, RoundingMode.HALF_UP).toPlainString();
    }

    static String query(String a, String b, String sid, Object tau) {
        return "?modelA=" + a + "&modelB=" + b + "&sid=" + sid + "&tau=" + tau;
    }

    /** Every head cell, every layer bar and the summary show the server's numbers for the sentence at τ. */
    static void assertNumbersEqualApi(
            WebDriver browser, TraceApiClient api, String a, String b, String sid, Object tau, int L) throws Exception {
        JsonNode res = api.get("/api/compare" + query(a, b, sid, tau));
        int heads = 0;
        for (JsonNode h : res.get("heads")) {
            WebElement cell = browser.findElement(By.cssSelector("button.hcell[data-layer='"
                    + h.get("layer").asInt() + "'][data-head='" + h.get("head").asInt() + "']"));
            double cosine = h.get("cosine").asDouble();
            String where =
                    "head " + h.get("layer").asInt() + ":" + h.get("head").asInt();
            assertEquals(1 - cosine, Double.parseDouble(cell.getAttribute("data-change")), 0.0, where + " change");
            assertEquals(h.get("jaccard").asDouble(), Double.parseDouble(cell.getAttribute("data-jaccard")), 0.0);
            assertEquals(h.get("shared").asInt(), Integer.parseInt(cell.getAttribute("data-shared")), where);
            assertEquals(h.get("onlyA").asInt(), Integer.parseInt(cell.getAttribute("data-only-a")), where);
            assertEquals(h.get("onlyB").asInt(), Integer.parseInt(cell.getAttribute("data-only-b")), where);
            String title = cell.getAttribute("title");
            assertTrue(
                    title.contains("cosine " + fixed(cosine, 4) + " ± "
                            + fixed(h.get("cosineBound").asDouble(), 4)),
                    where + ": " + title);
            heads++;
        }
        assertTrue(heads > 0, "the server compared some heads");
        int rows = 0;
        for (JsonNode l : res.get("layers")) {
            WebElement row = browser.findElement(By.cssSelector(
                    "#diff .diff-row[data-layer='" + l.get("layer").asInt() + "']"));
            double change = 1 - l.get("meanCosine").asDouble();
            assertEquals(change, Double.parseDouble(row.getAttribute("data-change")), 0.0);
            assertEquals(
                    fixed(change, 4), row.findElement(By.className("diff-v")).getText());
            assertEquals(
                    "J " + fixed(l.get("jaccard").asDouble(), 2),
                    row.findElement(By.className("diff-j")).getText());
            rows++;
        }
        assertEquals(L, rows, "one bar per layer");
        String summary = browser.findElement(By.id("summary")).getText();
        assertTrue(summary.contains("Jaccard " + fixed(res.get("jaccard").asDouble(), 3)), summary);
        assertTrue(summary.contains("mean cosine " + fixed(res.get("meanCosine").asDouble(), 4)), summary);
    }

    /**
     * The token pairs of /api/compare/edges, keyed as the graph's edge ids: only-A when A has the pair above τ in some
     * head and B in none, only-B the mirror, shared otherwise.
     */
    static Map<String, String> pairClasses(TraceApiClient api, String a, String b, String sid, Object tau)
            throws Exception {
        Map<String, boolean[]> in = new TreeMap<>();
        for (JsonNode e : api.get("/api/compare/edges" + query(a, b, sid, tau))) {
            String id = "e" + (e.get("layer").asInt() - 1) + "_"
                    + e.get("fromPos").asInt() + "_" + e.get("toPos").asInt();
            boolean[] ab = in.computeIfAbsent(id, k -> new boolean[2]);
            String side = e.get("side").asText();
            if (!side.equals("ONLY_B")) ab[0] = true;
            if (!side.equals("ONLY_A")) ab[1] = true;
        }
        Map<String, String> out = new TreeMap<>();
        in.forEach((k, ab) -> out.put(k, ab[0] && ab[1] ? "shared" : ab[0] ? "onlyA" : "onlyB"));
        return out;
    }

    /** Edge id → compare class of what the layered graph holds. */
    @SuppressWarnings("unchecked")
    static Map<String, String> drawnClasses(WebDriver browser) {
        Map<String, Object> m = (Map<String, Object>)
                ((JavascriptExecutor) browser).executeScript("return window.attnflow.graphA.edgeClasses()");
        Map<String, String> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, String.valueOf(v)));
        return out;
    }

    /** Edge key → compare class of the Token Rings paths. */
    @SuppressWarnings("unchecked")
    static Map<String, String> ringClasses(WebDriver browser) {
        Map<String, Object> m = (Map<String, Object>) ((JavascriptExecutor) browser)
                .executeScript("return Object.fromEntries([...document.querySelectorAll('#rings path.edge')]"
                        + ".map(p => ['e' + p.dataset.key, p.dataset.cmp]))");
        Map<String, String> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, String.valueOf(v)));
        return out;
    }
}
