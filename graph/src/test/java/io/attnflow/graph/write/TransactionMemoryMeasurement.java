package io.attnflow.graph.write;

import io.attnflow.core.metrics.SentenceMetrics;
import io.attnflow.core.model.ModelInfo;
import io.attnflow.core.model.RunAnnotations;
import io.attnflow.core.model.SentenceInput;
import io.attnflow.graph.GraphConnection;
import io.attnflow.graph.GraphSettings;
import io.attnflow.graph.TestGraph;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;

/**
 * The measurement behind {@link TransactionBudget}'s constants (docs/DESIGN.md, "Ingest"), not a check: for a store
 * whose transactions may use {@code LIMIT} MiB, the largest sentence (12 heads, n tokens) that still commits, found by
 * bisection on n, on both write paths. Prints one line per case:
 * {@code mvn -B -pl graph -am test -Dtest=TransactionMemoryMeasurement -Dattnflow.measure=true
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "attnflow.measure", matches = "true")
class TransactionMemoryMeasurement {
    @Test
    void largestSentenceThatCommits() {
        for (boolean javaApi : new boolean[] {true, false}) {
            for (long mib : new long[] {8, 32}) {
                for (int layers : new int[] {12, 4}) {
                    measure(javaApi, mib, layers);
                }
            }
        }
    }

    private static void measure(boolean javaApi, long mib, int layers) {
        Neo4j neo4j = Neo4jBuilders.newInProcessBuilder()
                .withDisabledServer()
                .withConfig(GraphDatabaseSettings.memory_transaction_max_size, mib << 20)
                .build();
        try (GraphConnection c =
                GraphConnection.open(GraphSettings.external(neo4j.boltURI().toString(), null, null, null))) {
            ModelInfo model = TestGraph.model("m" + layers, layers, 12);
            GraphWriter w = new GraphWriter(c, javaApi ? neo4j.defaultDatabaseService() : null, 0.01, 10_000);
            w.ensureModel(model);
            TransactionBudget none = TransactionBudget.unlimited("measurement");
            int lo = 4, hi = 600; // lo commits, hi is refused
            WriteStats at = null;
            while (hi - lo > 1) {
                int n = (lo + hi) / 2;
                var r = TestGraph.forward(model, SentenceInput.of("s" + n), n, n);
                try {
                    at = w.writeAll(List.of(SentenceMetrics.of(r)), List.of(RunAnnotations.none(n)), none)
                            .get(0);
                    lo = n;
                } catch (SentenceTooLargeException e) {
                    hi = n;
                }
            }
            long nodes = at.tokens() + at.headStats() + 2;
            System.out.printf(
                    Locale.ROOT,
                    "MEASURE path=%s limit=%d MiB layers=%d largest n=%d rels=%d nodes=%d limit/rels=%.0f B"
                            + " (limit - nodes x %d B)/rels=%.0f B%n",
                    javaApi ? "java-api" : "bolt",
                    mib,
                    layers,
                    lo,
                    at.rels(),
                    nodes,
                    (mib << 20) / (double) at.rels(),
                    TransactionBudget.BYTES_PER_NODE,
                    ((mib << 20) - nodes * TransactionBudget.BYTES_PER_NODE) / (double) at.rels());
        } finally {
            neo4j.close();
        }
    }
}
