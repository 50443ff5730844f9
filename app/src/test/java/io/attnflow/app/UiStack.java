package io.attnflow.app;

import io.attnflow.api.ApiServer;
import io.attnflow.api.ApiSettings;
import io.attnflow.api.ingest.SentenceIngestor.IngestedSentence;
import io.attnflow.app.finetune.FineTunedFixture;
import io.attnflow.core.model.SentenceInput;
import io.attnflow.core.model.StoredWeights;
import io.attnflow.graph.GraphConnection;
import io.attnflow.graph.GraphSettings;
import io.attnflow.graph.write.GraphWriter;
import io.attnflow.ingest.AttentionModel;
import io.attnflow.ingest.LoadOptions;
import io.attnflow.ingest.ModelCatalog;
import io.attnflow.ingest.corpus.CorpusReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;

/**
 * The whole app for the browser tests: an in-process Neo4j (neo4j-harness, over Bolt), a few sentences ingested
 * with two real bundled 12-layer models of the same architecture, and the API server (which serves the UI at "/")
 * on a free loopback port. {@link #embedded} holds the store as {@code attnflow demo} does instead: the embedded
 * store in this JVM, read through Neo4j's Java API.
 */
final class UiStack implements AutoCloseable {

    /** Two bundled models with the same tokenizer, so that compare mode works. */
    static final List<String> MODELS = List.of("bge-small-en-v1.5", "bge-small-en");

    static final List<SentenceInput> SENTENCES = List.of(
            new SentenceInput("The movie was not good at all.", null, "ui-test", "negation"),
            new SentenceInput("The cat sat on the mat.", null, "ui-test", null),
            new SentenceInput("A man is playing a guitar.", "Someone plays music.", "ui-test", "entailment"),
            new SentenceInput("I do not think the plan will ever work.", null, "ui-test", "negation"));

    private static final String WORDS = "the cat sat on a mat and the dog ran to the park while it was warm so we"
            + " went out for a long walk by the river then came back home";

    private final Neo4j neo4j; // null for the embedded store
    private final GraphConnection graph;
    private final CatalogIngestor ingestor;
    private final ApiServer server;
    private final Map<Integer, String> byLength;
    private String fineTuned;

    private UiStack(
            Neo4j neo4j,
            GraphConnection graph,
            CatalogIngestor ingestor,
            ApiServer server,
            Map<Integer, String> byLength) {
        this.neo4j = neo4j;
        this.graph = graph;
        this.ingestor = ingestor;
        this.server = server;
        this.byLength = byLength;
    }

    /** The stack with the test sentences; {@code lengths} adds one generated sentence of each token count. */
    static UiStack start(int... lengths) {
        // with the GDS procedures, as the embedded store registers them (the head graph)
        org.neo4j.harness.Neo4jBuilder builder = Neo4jBuilders.newInProcessBuilder()
                .withDisabledServer()
                .withConfig(org.neo4j.configuration.GraphDatabaseSettings.procedure_unrestricted, List.of("gds.*"));
        for (Class<?> c : io.attnflow.graph.heads.GdsProcedures.classes()) builder = builder.withProcedure(c);
        for (Class<?> c : io.attnflow.graph.heads.GdsProcedures.functions()) builder = builder.withFunction(c);
        Neo4j neo4j = builder.build();
        return start(neo4j, GraphSettings.external(neo4j.boltURI().toString(), null, null, null), lengths);
    }

    /**
     * The stack on the embedded store in {@code dataDir} (Bolt on a free port), held by this JVM and read through
     * Neo4j's Java API, as {@code attnflow demo} holds it: the path a user's first render takes.
     */
    static UiStack embedded(Path dataDir, int... lengths) {
        return start(null, new GraphSettings(dataDir, 0, null, null, null, null), lengths);
    }

    private static UiStack start(Neo4j neo4j, GraphSettings store, int... lengths) {
        GraphConnection graph = null;
        CatalogIngestor ingestor = null;
        try {
            graph = GraphConnection.open(store);
            ingestor = new CatalogIngestor(ModelCatalog.standard(), graph, StoredWeights.DEFAULT_FLOOR);
            Map<Integer, String> generated = new HashMap<>();
            for (String model : MODELS) {
                ingestor.ingest(model, SENTENCES);
                for (int n : lengths) {
                    IngestedSentence s = ingestor.ingest(model, List.of(SentenceInput.of(words(n - 2))))
                            .get(0);
                    if (s.n() != n) throw new IllegalStateException("generated " + s.n() + " tokens, not " + n);
                    generated.put(n, s.sid());
                }
            }
            ApiSettings settings = ApiSettings.defaults().withPort(0);
            ApiServer server = new ApiServer(settings, ApiWiring.services(graph, settings, ingestor)).start();
            return new UiStack(neo4j, graph, ingestor, server, generated);
        } catch (RuntimeException | Error e) {
            if (ingestor != null) ingestor.close();
            if (graph != null) graph.close();
            if (neo4j != null) neo4j.close();
            throw e;
        }
    }

    /**
     * Adds a model with a classifier head, once: {@link FineTunedFixture}'s fine-tune (trained once per test JVM),
     * stored as {@code attnflow ingest --model DIR --corpus FILE} stores it, i.e. its base and its final state linked
     * by FINE_TUNED_FROM, over the fixture's labelled corpus with its error spans; its step-0 checkpoint is left out
     * to keep this cheap. Call it last in a class: with a base-vs-fine-tune pair stored, "/" opens that comparison.
     *
     * @return the fine-tuned model's id ({@code lt-tiny@final})
     */
    synchronized String withFineTune() {
        if (fineTuned != null) return fineTuned;
        long t0 = System.nanoTime();
        Path dir = FineTunedFixture.dir();
        long trained = System.nanoTime();
        List<IngestTargets.Target> targets = IngestTargets.of(List.of(dir.toString())).stream()
                .filter(t -> t.base() == null || t.id().endsWith("@final"))
                .toList();
        try {
            Path corpus = FineTunedFixture.corpus(Files.createTempDirectory("attnflow-ui-corpus"));
            var entries = CorpusReader.read(corpus);
            var options = new IngestPipeline.Options(
                    StoredWeights.DEFAULT_FLOOR, GraphWriter.DEFAULT_BATCH, true, IngestPipeline.OnError.fail);
            for (IngestTargets.Target t : targets) {
                try (AttentionModel m =
                        IngestTargets.open(t, targets, ModelCatalog.standard(), LoadOptions.defaults())) {
                    new IngestPipeline(graph, m, options, null).run(entries);
                }
                IngestTargets.link(graph, t);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        fineTuned = targets.get(targets.size() - 1).id();
        System.err.printf(
                java.util.Locale.ROOT,
                "UiStack: the fine-tune took %.1f s to train (once per JVM), %.1f s to ingest%n",
                (trained - t0) / 1e9,
                (System.nanoTime() - trained) / 1e9);
        return fineTuned;
    }

    /** Plain single-piece words, so that k words are k tokens. */
    private static String words(int k) {
        String[] w = WORDS.split(" ");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < k; i++) out.add(w[i % w.length]);
        return String.join(" ", out);
    }

    /** The server's base URL, without the trailing slash. */
    String baseUrl() {
        String url = server.url();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    List<String> models() {
        return MODELS;
    }

    /** Whether {@link #start(int...)} generated a sentence of n tokens. */
    boolean hasLength(int n) {
        return byLength.containsKey(n);
    }

    /** The id of the generated sentence of n tokens (see {@link #start(int...)}). */
    String sentenceOfLength(int n) {
        String sid = byLength.get(n);
        if (sid == null) throw new IllegalArgumentException("no generated sentence of " + n + " tokens");
        return sid;
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            ingestor.close();
            graph.close();
            if (neo4j != null) neo4j.close();
        }
    }
}
