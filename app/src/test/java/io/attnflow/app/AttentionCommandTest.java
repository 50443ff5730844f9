package io.attnflow.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Runs the picocli commands in-process, as a user would from the shell. */
class AttentionCommandTest {

    record Run(int exitCode, String out, String err) {}

    static Run run(String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void attentionAsJsonPrintsTheModelTheTokensAndEveryHeadsMatrix() throws Exception {
        Run r = run(
                "attention",
                "--model",
                "all-minilm-l6-v2",
                "--text",
                "The cat sat.",
                "--pair",
                "It was tired.",
                "--format",
                "json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals(List.of("model", "tokens", "attention"), fieldNames(json));
        assertEquals("all-minilm-l6-v2", json.get("model").get("id").asText());
        assertEquals(6, json.get("model").get("layers").asInt());
        JsonNode tokens = json.get("tokens");
        for (JsonNode t : tokens) assertEquals(List.of("text", "special", "start", "end", "type"), fieldNames(t));
        assertEquals("[CLS]", tokens.get(0).get("text").asText());
        assertTrue(tokens.get(0).get("special").asBoolean());
        assertEquals("the", tokens.get(1).get("text").asText());
        assertEquals(0, tokens.get(1).get("start").asInt());
        assertEquals(3, tokens.get(1).get("end").asInt());
        assertEquals(1, tokens.get(tokens.size() - 2).get("type").asInt(), "sentence B has token type 1");
        int n = tokens.size();
        JsonNode attention = json.get("attention");
        assertEquals(6, attention.size());
        assertEquals(12, attention.get(0).size());
        assertEquals(n, attention.get(5).get(11).size());
        JsonNode row = attention.get(5).get(11).get(n - 1);
        assertEquals(n, row.size());
        double sum = 0;
        for (JsonNode w : row) {
            assertTrue(w.isNumber());
            sum += w.asDouble();
        }
        assertEquals(1.0, sum, 1e-5);
    }

    @Test
    void modelsListsTheBundledModelsWithLayersAndHeads() {
        Run r = run("models");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("bge-small-en-v1.5") && l.contains(" 12 ")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("all-minilm-l6-v2") && l.contains("bundled")), r.out());
    }

    @Test
    void anUnknownModelIsOneCleanLineAndAFailingExitCode() {
        assertOneLineError(run("attention", "--model", "nope", "--text", "Hello."), "unknown model 'nope'");
    }

    @Test
    void emptyTextIsOneCleanLineAndAFailingExitCode() {
        assertOneLineError(run("attention", "--text", "   "), "text is empty");
    }

    @Test
    void tooLongInputIsOneCleanLineNamingTheLimit() {
        assertOneLineError(
                run("attention", "--model", "all-minilm-l6-v2", "--text", "word ".repeat(600)), "at most 512");
    }

    static void assertOneLineError(Run r, String expected) {
        assertFalse(r.exitCode() == 0);
        assertEquals("", r.out());
        List<String> lines = r.err().lines().toList();
        assertEquals(1, lines.size(), r.err());
        assertTrue(lines.get(0).contains(expected), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
