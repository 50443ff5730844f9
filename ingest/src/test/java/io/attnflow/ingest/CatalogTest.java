package io.attnflow.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.attnflow.core.model.ForwardResult;
import io.attnflow.core.model.ModelInfo;
import io.attnflow.core.model.SentenceInput;
import io.attnflow.core.query.InvalidInputException;
import io.attnflow.ingest.bundled.BundledModels;
import io.attnflow.ingest.weights.ModelLoadException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CatalogTest {

    @Test
    void theCatalogListsTheFourBundledModels() {
        List<String> ids = ModelCatalog.standard().available().stream()
                .filter(e -> e.source().equals("bundled"))
                .map(ModelEntry::id)
                .toList();
        assertEquals(List.of("bge-small-en-v1.5", "bge-small-en", "e5-small-v2", "all-minilm-l6-v2"), ids);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bge-small-en", "e5-small-v2", "all-minilm-l6-v2"})
    void eachBundledModelLoadsWithTheConfigReadFromItsGraph(String id) {
        BundledModels.Bundled expected = BundledModels.MODELS.stream()
                .filter(b -> b.id().equals(id))
                .findFirst()
                .orElseThrow();
        try (AttentionModel model = ModelCatalog.standard().open(id, LoadOptions.defaults())) {
            ModelInfo info = model.info();
            assertEquals(expected.layers(), info.layers());
            assertEquals(expected.heads(), info.heads());
            assertEquals(expected.hidden(), info.hidden());
            assertEquals(512, info.maxPositions());
            assertEquals(30522, info.vocabSize());
            assertEquals(64, info.weightsSha256().length());
            ForwardResult r = model.encode(SentenceInput.pair("Where is the cat?", "On the mat."));
            assertEquals(expected.layers(), r.attention().layers());
            AttentionInvariantsTest.assertRowsSumToOne(r.attention());
            assertEquals(null, r.logits());
            assertTrue(r.predictions().isEmpty());
        }
    }

    @Test
    void anUnknownModelIdIsAnErrorListingTheAvailableIdsAndForms() {
        ModelLoadException e = assertThrows(
                ModelLoadException.class, () -> ModelCatalog.standard().open("no-such-model", LoadOptions.defaults()));
        assertTrue(e.getMessage().startsWith("unknown model 'no-such-model'"), e.getMessage());
        assertTrue(e.getMessage().contains("bge-small-en-v1.5"), e.getMessage());
        assertTrue(e.getMessage().contains("all-minilm-l6-v2"), e.getMessage());
        assertTrue(e.getMessage().contains("accepted forms"), e.getMessage());
    }

    @Test
    void emptyTextIsAnErrorBeforeAnyModelRuns() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> SentenceInput.of("  "));
        assertTrue(e.getMessage().contains("text is empty"), e.getMessage());
    }
}
