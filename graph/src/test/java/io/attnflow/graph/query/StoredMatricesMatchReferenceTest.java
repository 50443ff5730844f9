package io.attnflow.graph.query;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.attnflow.core.compare.CompareResult;
import io.attnflow.core.compare.MatrixComparison;
import io.attnflow.core.metrics.Rollout;
import io.attnflow.core.metrics.SentenceMetrics;
import io.attnflow.core.model.AttentionTensor;
import io.attnflow.core.model.ModelInfo;
import io.attnflow.core.model.SentenceInput;
import io.attnflow.core.model.StoredWeights;
import io.attnflow.core.model.TokenInfo;
import io.attnflow.core.trace.Direction;
import io.attnflow.core.trace.InMemoryAttentionStore;
import io.attnflow.core.trace.MatrixTrace;
import io.attnflow.core.trace.StoredAttention;
import io.attnflow.core.trace.TraceRequest;
import io.attnflow.core.trace.TraceResult;
import io.attnflow.graph.GraphConnection;
import io.attnflow.graph.GraphSettings;
import io.attnflow.graph.read.GraphReader;
import io.attnflow.graph.write.GraphWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * The service's two ways of reading a sentence's stored matrices (Neo4j's Java API in the JVM that holds the store,
 * stored_attention.cypher over Bolt) read the same matrices as the in-memory quantization of the same attention, in
 * full and cut at τ; and the service's trace on the embedded store (read through the Java API) equals core's
 * reference and the analysts' trace.cypher. On random attention written by the real GraphWriter into a real
 * embedded Neo4j.
 */
class StoredMatricesMatchReferenceTest {
    private static final double FLOOR = 0.01;
    private static final AtomicInteger IDS = new AtomicInteger();
    private static GraphConnection connection;

    private static synchronized GraphConnection store() {
        if (connection == null) {
            try {
                var dir = Files.createTempDirectory("attnflow-stored-matrices");
                connection = GraphConnection.open(new GraphSettings(dir.resolve("data"), 0, null, null, null, null));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(connection::close));
        }
        return connection;
    }

    @Property(tries = 20)
    void bothReadPathsGiveTheStoredMatricesAndTheTraceOfTheReference(
            @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 4) int layers,
            @ForAll @IntRange(min = 1, max = 4) int heads,
            @ForAll @IntRange(min = 1, max = 9) int n,
            @ForAll @DoubleRange(min = 0, max = 1) double peaky) {
        GraphConnection c = store();
        assertTrue(c.localDatabase().isPresent(), "the embedded store is held by this JVM");
        ModelInfo model = Fixtures.model("sm" + IDS.incrementAndGet(), layers, heads);
        AttentionTensor a = Fixtures.attention(seed, layers, heads, n, peaky);
        List<TokenInfo> tokens = Fixtures.tokens(n, 0);
        SentenceInput input = SentenceInput.of("stored matrices " + model.id());
        GraphWriter writer = new GraphWriter(c, FLOOR);
        writer.ensureModel(model);
        writer.write(SentenceMetrics.of(Fixtures.forward(model, input, tokens, a)));
        StoredAttention full = StoredAttention.of(a, FLOOR);

        QueryRunner runner = new QueryRunner(c, QueryCatalogue.load(), QueryRunner.DEFAULT_TIMEOUT);
        TraceQueries local =
                new TraceQueries(runner, new GraphReader(c), c.localDatabase().get());
        TraceQueries bolt = new TraceQueries(runner, new GraphReader(c), null);
        RunInfo info = local.runInfo(model.id(), input.id());
        assertSameRunInfo(bolt.runInfo(model.id(), input.id()), info);
        Random r = new Random(seed);
        double tau = FLOOR + r.nextDouble() * 0.5;
        int lo = 1 + r.nextInt(layers), hi = lo + r.nextInt(layers - lo + 1);
        for (Double cut : new Double[] {null, tau}) {
            StoredAttention want = kept(full, cut, lo, hi);
            assertSameMatrices(want, local.storedAttention(info, cut, lo, hi), "Java API, τ " + cut);
            assertSameMatrices(want, bolt.storedAttention(info, cut, lo, hi), "stored_attention.cypher, τ " + cut);
        }

        Direction d = r.nextBoolean() ? Direction.BACKWARD : Direction.FORWARD;
        // from a random token of a random layer, so that the frontier read starts away from [CLS] and the top
        int from = d == Direction.BACKWARD ? 1 + r.nextInt(layers) : r.nextInt(layers);
        TraceRequest req = new TraceRequest(
                model.id(), input.id(), d, tau, from, null, List.of(r.nextInt(n)), Map.of(layers, Set.of(0)), 0.5);
        TraceResult expected = MatrixTrace.trace(
                full, Fixtures.texts(tokens), req, Rollout.of(a).clsRow());
        AttentionQueries queries = AttentionQueries.of(c);
        TraceQueriesMatchReferenceTest.assertSameTrace(expected, queries.trace(req));
        // a sentence longer than the dense bound is traced by trace.cypher's search: the same trace
        TraceQueriesMatchReferenceTest.assertSameTrace(
                expected, new TraceQueries(runner, new GraphReader(c), null, 0).trace(req));
        TraceQueriesMatchReferenceTest.Stored s =
                new TraceQueriesMatchReferenceTest.Stored(model.id(), input.id(), a, tokens);
        CypherTrace.assertEqualsTrace(expected, queries.run("trace", TraceQueriesMatchReferenceTest.params(s, req)));
    }

    /**
     * The comparison on the embedded store (both models read through the Java API, at once) is, to the last bit, the
     * reference's on the same matrices in memory, and the one read over Bolt (stored_attention.cypher).
     */
    @Property(tries = 8)
    void theComparisonThroughTheJavaApiIsTheReference(
            @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 3) int layers,
            @ForAll @IntRange(min = 1, max = 3) int heads,
            @ForAll @IntRange(min = 1, max = 12) int n,
            @ForAll @DoubleRange(min = 0, max = 1) double peaky) {
        GraphConnection c = store();
        ModelInfo ma = Fixtures.model("sm" + IDS.incrementAndGet(), layers, heads);
        ModelInfo mb = Fixtures.model("sm" + IDS.incrementAndGet(), layers + (int) (seed & 1), heads);
        List<TokenInfo> tokens = Fixtures.tokens(n, 0);
        SentenceInput input = SentenceInput.of("compared " + ma.id());
        AttentionTensor ta = Fixtures.attention(seed, ma.layers(), heads, n, peaky);
        AttentionTensor tb = Fixtures.attention(seed + 1, mb.layers(), heads, n, peaky);
        for (var m : List.of(Map.entry(ma, ta), Map.entry(mb, tb))) {
            GraphWriter writer = new GraphWriter(c, FLOOR);
            writer.ensureModel(m.getKey());
            writer.write(SentenceMetrics.of(Fixtures.forward(m.getKey(), input, tokens, m.getValue())));
        }
        double tau = FLOOR + new Random(seed).nextDouble() * 0.3;
        InMemoryAttentionStore oracle = new InMemoryAttentionStore()
                .put(ma.id(), input.id(), Fixtures.texts(tokens), StoredAttention.of(ta, FLOOR))
                .put(mb.id(), input.id(), Fixtures.texts(tokens), StoredAttention.of(tb, FLOOR));
        CompareResult want = MatrixComparison.compare(oracle, ma.id(), mb.id(), input.id(), tau);
        assertEquals(want, AttentionQueries.of(c).compare(ma.id(), mb.id(), input.id(), tau), "Java API");
        assertEquals(want, AttentionQueries.overBolt(c).compare(ma.id(), mb.id(), input.id(), tau), "over Bolt");
    }

    /**
     * A token that attends to nothing above the floor (a uniform row over more than 1/floor tokens) has no incoming
     * ATTENDS, yet the layer above attends to it: the Java API's upward read finds it by its key, and reads the
     * matrices of the Cypher path and of the in-memory quantization.
     */
    @Property(tries = 3)
    void aTokenWithoutIncomingAttentionIsStillReadAbove(
            @ForAll long seed, @ForAll @IntRange(min = 1, max = 3) int heads) {
        GraphConnection c = store();
        int layers = 3, n = 110, lonely = 1 + (int) Math.floorMod(seed, n - 1);
        ModelInfo model = Fixtures.model("sm" + IDS.incrementAndGet(), layers, heads);
        AttentionTensor random = Fixtures.attention(seed, layers, heads, n, 0.5);
        float[] data = new float[layers * heads * n * n];
        for (int l = 1; l <= layers; l++)
            for (int h = 0; h < heads; h++)
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < n; j++) {
                        float w = random.weight(l, h, i, j);
                        if (l == 1 && i == lonely) w = 1f / n; // below the floor everywhere: no incoming ATTENDS
                        else if (l == 2) w = j == lonely ? 0.5f : 0.5f / (n - 1); // all attend to it above
                        data[(((l - 1) * heads + h) * n + i) * n + j] = w;
                    }
        AttentionTensor a = new AttentionTensor(layers, heads, n, data);
        SentenceInput input = SentenceInput.of("lonely token " + model.id());
        GraphWriter writer = new GraphWriter(c, FLOOR);
        writer.ensureModel(model);
        writer.write(SentenceMetrics.of(Fixtures.forward(model, input, Fixtures.tokens(n, 0), a)));
        StoredAttention full = StoredAttention.of(a, FLOOR);
        for (int h = 0; h < heads; h++) assertEquals(0, full.q(1, h, lonely, 0) + full.q(1, h, lonely, n - 1));

        QueryRunner runner = new QueryRunner(c, QueryCatalogue.load(), QueryRunner.DEFAULT_TIMEOUT);
        TraceQueries local =
                new TraceQueries(runner, new GraphReader(c), c.localDatabase().get());
        TraceQueries bolt = new TraceQueries(runner, new GraphReader(c), null);
        RunInfo info = local.runInfo(model.id(), input.id());
        for (Double cut : new Double[] {null, 0.3}) {
            StoredAttention want = kept(full, cut, 1, layers);
            assertSameMatrices(want, local.storedAttention(info, cut, 1, layers), "Java API, τ " + cut);
            assertSameMatrices(want, bolt.storedAttention(info, cut, 1, layers), "stored_attention.cypher, τ " + cut);
        }
    }

    /** The Java API's run info (StoredRunInfo) is run_info.cypher's. */
    private static void assertSameRunInfo(RunInfo want, RunInfo got) {
        assertEquals(
                List.of(want.model(), want.sid(), want.floor(), want.scale(), want.layers(), want.heads(), want.n()),
                List.of(got.model(), got.sid(), got.floor(), got.scale(), got.layers(), got.heads(), got.n()));
        assertEquals(want.tokens(), got.tokens());
        assertArrayEquals(want.rollout(), got.rollout());
        assertArrayEquals(want.attentionFlow(), got.attentionFlow());
        assertEquals(
                Arrays.asList(want.text(), want.textB(), want.classifier()),
                Arrays.asList(got.text(), got.textB(), got.classifier()));
    }

    /** The full stored matrices with only layers lo..hi, and there only the (i, j) whose largest q passes τ. */
    private static StoredAttention kept(StoredAttention full, Double tau, int lo, int hi) {
        int layers = full.layers(), heads = full.heads(), n = full.n();
        int[] q = new int[layers * heads * n * n];
        for (int l = lo; l <= hi; l++) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    int max = 0;
                    for (int h = 0; h < heads; h++) max = Math.max(max, full.q(l, h, i, j));
                    if (max == 0 || (tau != null && !StoredWeights.exceeds(max, tau, full.scale()))) continue;
                    for (int h = 0; h < heads; h++) q[(((l - 1) * heads + h) * n + i) * n + j] = full.q(l, h, i, j);
                }
            }
        }
        return StoredAttention.ofStored(layers, heads, n, full.floor(), full.scale(), q);
    }

    private static void assertSameMatrices(StoredAttention want, StoredAttention got, String what) {
        assertEquals(want.scale(), got.scale(), what + ": scale");
        assertEquals(want.floor(), got.floor(), what + ": floor");
        for (int l = 1; l <= want.layers(); l++)
            for (int h = 0; h < want.heads(); h++)
                for (int i = 0; i < want.n(); i++)
                    for (int j = 0; j < want.n(); j++)
                        assertEquals(
                                want.q(l, h, i, j),
                                got.q(l, h, i, j),
                                what + ": q at " + l + "/" + h + "/" + i + "," + j);
    }
}
