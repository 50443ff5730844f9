package io.attnflow.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/** The UI's JavaScript unit tests ({@code ui/src/test/js}) run by node's own test runner from a Java test. */
final class NodeTests {
    static final Path DIR = Path.of("..", "ui", "src", "test", "js");

    private NodeTests() {}

    /**
     * Runs {@code node --test} on {@code files} with {@code ATTNFLOW_TRACE_FIXTURES} set to {@code fixtures}, and fails
     * with node's output unless every test passes. Without node: skipped locally, a failure under {@code CI=true}.
     */
    static void run(Path fixtures, List<String> files) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("node", "--test"));
        command.addAll(files);
        ProcessBuilder pb = new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true);
        pb.environment()
                .put("ATTNFLOW_TRACE_FIXTURES", fixtures.toAbsolutePath().toString());
        Process p;
        try {
            p = pb.start();
        } catch (IOException noNode) {
            String why = "node is not installed (the UI's JavaScript tests need node 20+): " + noNode.getMessage();
            if ("true".equalsIgnoreCase(System.getenv("CI"))) Assertions.fail(why);
            Assumptions.abort(why);
            return;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) p.destroyForcibly();
        assertEquals(0, p.exitValue(), "node --test " + files + " on this run's traces:\n" + out);
    }
}
