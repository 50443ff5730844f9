package io.attnflow.app;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Parses an exported SVG and checks that it can stand alone in a paper: title, layer axis, legend. */
final class ExportCheck {

    private ExportCheck() {}

    static void assertTitledWithAxisAndLegend(String svg, Map<String, Object> state, int layers) throws Exception {
        Document doc = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        List<String> texts = new ArrayList<>();
        NodeList all = doc.getElementsByTagName("text");
        for (int i = 0; i < all.getLength(); i++) texts.add(all.item(i).getTextContent());
        String title = texts.get(0);
        assertTrue(title.startsWith("Attention Flows: " + state.get("model")), "title: " + title);
        if (!String.valueOf(state.get("cmp")).isEmpty()) assertTrue(title.contains((String) state.get("cmp")), title);
        assertTrue(
                texts.stream()
                        .anyMatch(t -> t.contains("τ " + state.get("tau")) && t.contains(state.get("dir") + " trace")),
                "a title line names direction and τ: " + texts.subList(0, Math.min(3, texts.size())));
        assertTrue(texts.contains("L0 input"), "the layer axis starts at the input");
        assertTrue(texts.contains("L" + layers), "the layer axis ends at L" + layers);
        NodeList groups = doc.getElementsByTagName("g");
        boolean legend = false;
        for (int i = 0; i < groups.getLength(); i++) {
            Element g = (Element) groups.item(i);
            if ("legend".equals(g.getAttribute("class"))
                    && g.getElementsByTagName("text").getLength() > 0) legend = true;
        }
        assertTrue(legend, "the SVG carries the legend");
    }
}
