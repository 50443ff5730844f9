package io.attnflow.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.attnflow.graph.GraphConnection;
import io.attnflow.graph.GraphSettings;
import io.attnflow.graph.read.GraphReader;
import io.attnflow.ingest.corpus.LanguageToolReader;
import io.attnflow.ingest.tf.EasyBertModel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;

/**
 * The demo's background fine-tune on a tiny budget (2 steps, 3 held-out sentences): the first run builds the
 * LanguageTool corpus, trains and stores the base and each state linked to it; the second reuses the cache and
 * writes nothing. Needs the LanguageTool jar in the local Maven repository, as the corpus command does.
 */
class DemoFineTuneTest {
    static final DemoFineTune.Budget TINY = new DemoFineTune.Budget(400, 2, 4, 5e-5, 2, 3);

    @TempDir
    Path data;

    @Test
    void theFirstRunTrainsAndStoresEachStateAndTheSecondReusesIt() throws Exception {
        assumeTrue(
                LanguageToolReader.localJar(EasyBertModel.localRepository()).isPresent(),
                LanguageToolReader.COORDINATES + " is not in the local Maven repository");
        try (Neo4j neo4j =
                        Neo4jBuilders.newInProcessBuilder().withDisabledServer().build();
                GraphConnection c = GraphConnection.open(
                        GraphSettings.external(neo4j.boltURI().toString(), null, null, null))) {
            StringWriter log = new StringWriter();
            DemoFineTune job = new DemoFineTune(data.resolve("finetune"), TINY, new PrintWriter(log));
            assertTrue(job.run(c), log.toString());
            GraphReader reader = new GraphReader(c);
            List<String> ids =
                    reader.models().stream().map(GraphReader.StoredModel::id).toList();
            assertEquals(List.of(DemoFineTune.BASE, "lt-minilm@final", "lt-minilm@step0"), ids, log.toString());
            for (String id : List.of("lt-minilm@final", "lt-minilm@step0")) {
                var m = reader.model(id).orElseThrow();
                assertEquals(DemoFineTune.BASE, m.fineTunedFrom().model());
                assertEquals(3, m.sentences());
                assertEquals(List.of("acceptable", "unacceptable"), m.labels());
            }
            assertTrue(log.toString().contains("demo: trained 2 of 2 steps"), log.toString());
            assertTrue(log.toString().contains("majority baseline"), log.toString());

            StringWriter again = new StringWriter();
            assertTrue(new DemoFineTune(data.resolve("finetune"), TINY, new PrintWriter(again)).run(c));
            assertTrue(again.toString().contains("reusing the fine-tuned lt-minilm"), again.toString());
            assertTrue(again.toString().contains("ingested 0 sentences for lt-minilm@final"), again.toString());
        }
    }
}
