package io.attnflow.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Bad input to every command, run through picocli as from the shell: exit code 2, one line on stderr that names what
 * was wrong (the option or value from the command line itself), no stack trace, nothing on stdout, and no store
 * opened. A programming error is the opposite: exit code 1, a line that says it is a bug, and the stack trace.
 */
class CliErrorBoundaryTest {
    @TempDir
    Path tmp;

    /** The store every graph command is pointed at; none of the bad inputs may create it. */
    private Path data() {
        return tmp.resolve("data");
    }

    @Test
    void trace() {
        String store = " --data-dir " + data();
        badInput("trace --model m --text t --direction sideways" + store, "sideways");
        badInput("trace --model m --text t --heads 1:x" + store, "--heads", "1:x");
        badInput("trace --model m --text t --tau abc" + store, "--tau", "abc");
        badInput("trace --model m --text t --bolt-port 70000" + store, "--bolt-port", "70000");
        assertFalse(Files.exists(data()), "no store was opened");
    }

    @Test
    void ingest() throws Exception {
        String store = " --data-dir " + data();
        Path corpus = Files.writeString(tmp.resolve("c.txt"), "The cat sat.\n");
        String ingest = "ingest --model m --corpus ";
        String floor = "2";
        badInput(ingest + corpus + " --floor " + floor + store, "--floor", String.valueOf(Double.parseDouble(floor)));
        badInput(ingest + corpus + " --batch 0" + store, "--batch", "0");
        badInput(ingest + corpus + " --on-error maybe" + store, "--on-error", "maybe");
        Path missing = tmp.resolve("missing.txt");
        badInput(ingest + missing + store, missing.toString());
        Path csv = Files.writeString(tmp.resolve("c.csv"), "a,b\n");
        badInput(ingest + csv + store, csv.getFileName().toString(), ".tsv");
        assertFalse(Files.exists(data()), "no store was opened");
    }

    @Test
    void cypher() {
        String store = " --data-dir " + data();
        badInput("cypher RETURN --limit 0" + store, "--limit", "0");
        badInput("cypher RETURN --timeout -1" + store, "--timeout", "-1");
        badInput("cypher RETURN --format xml" + store, "--format", "xml");
        assertFalse(Files.exists(data()), "no store was opened");
    }

    @Test
    void serveAndDemo() {
        String store = " --data-dir " + data();
        for (String command : List.of("serve", "demo")) {
            badInput(command + " --host 0.0.0.0 --token= --port 0" + store, "0.0.0.0", "--token");
            badInput(command + " --port 70000" + store, "--port", "70000");
            badInput(command + " --port 0 --cypher-row-limit 0" + store, "--cypher-row-limit", "0");
        }
        assertFalse(Files.exists(data()), "no store was opened");
    }

    @Test
    void attentionWithAnUnknownModelOrABrokenModelDirectory() throws Exception {
        badInput("attention --model no-such-model --text t", "'no-such-model'");

        Path noTokenizer = Files.createDirectory(tmp.resolve("no-tokenizer"));
        HfDirCliTest.writeTinyMaskedLm(noTokenizer);
        Files.delete(noTokenizer.resolve("vocab.txt"));
        badInput("attention --text t --model " + noTokenizer, noTokenizer.toString(), "tokenizer.json", "vocab.txt");

        Path badConfig = Files.createDirectory(tmp.resolve("bad-config"));
        HfDirCliTest.writeTinyMaskedLm(badConfig);
        Files.writeString(badConfig.resolve("config.json"), "{\"model_type\": \"bert\", \"hidden_size\": ");
        badInput(
                "attention --text t --model " + badConfig,
                badConfig.resolve("config.json").toString());
    }

    @Test
    void models() {
        badInput("models --bogus", "--bogus");
    }

    @Test
    void finetune() throws Exception {
        Path train = Files.writeString(tmp.resolve("train.tsv"), "good\t\t1\nbad\t\t0\n");
        Path out = tmp.resolve("out");
        String finetune = "finetune --model m --train " + train + " --out ";
        badInput(finetune + out + " --epochs 0", "--epochs", "0");
        badInput(finetune + out + " --dev " + train + " --dev-split 0.2", "--dev", "--dev-split");
        Path taken = Files.createDirectory(tmp.resolve("taken"));
        badInput(finetune + taken, taken.toString(), "--force");
        assertFalse(Files.exists(out), "nothing was written");
    }

    @Test
    void corpusLanguageTool() {
        Path out = tmp.resolve("lt.tsv");
        badInput("corpus languagetool --limit -1 --out " + out, "--limit", "-1");
        Path jar = tmp.resolve("missing.jar");
        badInput("corpus languagetool --out " + out + " --jar " + jar, jar.toString());
        assertFalse(Files.exists(out), "nothing was written");
    }

    /** A command that fails as a bug would: not with one of the project's exceptions. */
    @Command(name = "broken")
    static final class Broken implements Callable<Integer> {
        static final String MESSAGE = "index 7 out of bounds for length 3";

        @Override
        public Integer call() {
            throw new IllegalArgumentException(MESSAGE);
        }
    }

    @Test
    void aProgrammingErrorSaysItIsABugAndKeepsItsStackTrace() {
        UserErrorHandler handler = new UserErrorHandler();
        CommandLine cli = new CommandLine(new Broken())
                .setExecutionExceptionHandler(handler)
                .setParameterExceptionHandler(handler);
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        cli.setOut(new PrintWriter(new StringWriter()));
        assertEquals(CommandLine.ExitCode.SOFTWARE, cli.execute());
        String text = err.toString();
        assertTrue(text.contains(Broken.MESSAGE), text);
        assertTrue(text.contains("bug"), text);
        assertTrue(text.contains("\tat " + Broken.class.getName()), "the stack trace is kept: " + text);
    }

    /**
     * Runs a command line (words split at spaces), expecting a usage error: exit 2 and one line on stderr that
     * contains each of {@code named}.
     */
    private static void badInput(String commandLine, String... named) {
        String[] args = commandLine.split(" ");
        AttentionCommandTest.Run r = AttentionCommandTest.run(args);
        String where = commandLine + " ->\n" + r.err();
        assertEquals(CommandLine.ExitCode.USAGE, r.exitCode(), where);
        assertEquals("", r.out(), where);
        List<String> lines = r.err().strip().lines().toList();
        assertEquals(1, lines.size(), "one line: " + where);
        String line = lines.get(0);
        assertTrue(line.startsWith("error: "), where);
        assertFalse(line.contains("Exception"), "no exception class name: " + where);
        for (String word : named) assertTrue(line.contains(word), "names '" + word + "': " + where);
    }
}
