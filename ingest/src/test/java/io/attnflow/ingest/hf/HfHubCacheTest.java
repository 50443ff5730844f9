package io.attnflow.ingest.hf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.attnflow.core.model.ForwardResult;
import io.attnflow.core.model.SentenceInput;
import io.attnflow.ingest.AttentionModel;
import io.attnflow.ingest.LoadOptions;
import io.attnflow.ingest.ModelCatalog;
import io.attnflow.ingest.ModelEntry;
import io.attnflow.ingest.testing.HfDirWriter;
import io.attnflow.ingest.testing.HfDirWriter.Layout;
import io.attnflow.ingest.testing.SafetensorsWriter.DType;
import io.attnflow.ingest.testing.TinyBert;
import io.attnflow.ingest.weights.LoadedWeights;
import io.attnflow.ingest.weights.ModelLoadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HfHubCacheTest {
    @TempDir
    Path tmp;

    @Test
    void theCacheIsFoundLikeHuggingfaceHubFindsIt() {
        Path home = Path.of("/home/u");
        assertEquals(Path.of("/c/hub"), HfHubCache.locate(Map.of("HF_HUB_CACHE", "/c/hub", "HF_HOME", "/h"), home));
        assertEquals(Path.of("/h/hub"), HfHubCache.locate(Map.of("HF_HOME", "/h"), home));
        assertEquals(Path.of("/x/huggingface/hub"), HfHubCache.locate(Map.of("XDG_CACHE_HOME", "/x"), home));
        assertEquals(Path.of("/home/u/.cache/huggingface/hub"), HfHubCache.locate(Map.of(), home));
    }

    @Test
    void aModelIdLoadsTheSnapshotThatRefsMainPointsAt() throws IOException {
        TinyBert old = TinyBert.random(1, 2, false);
        TinyBert current = TinyBert.random(2, 2, false);
        Path repo = tmp.resolve("hub/models--textattack--bert-base-uncased-SST-2");
        cacheSnapshot(repo, "aaaa1111", old);
        cacheSnapshot(repo, "bbbb2222", current);
        // the older snapshot is touched last: refs/main, not the modification time, decides
        Files.setLastModifiedTime(
                repo.resolve("snapshots/aaaa1111"), FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        Files.createDirectories(repo.resolve("refs"));
        Files.writeString(repo.resolve("refs/main"), "bbbb2222");

        HfHubCache cache = new HfHubCache(tmp.resolve("hub"));
        LoadedWeights w = cache.load("textattack/bert-base-uncased-SST-2");
        assertArrayEquals(
                current.get("classifier.weight"),
                w.weights().require("classifier.weight").data());
        assertEquals("hf-cache", w.source());
        assertEquals("textattack/bert-base-uncased-SST-2", w.id());
        assertEquals(List.of("textattack/bert-base-uncased-SST-2"), cache.modelIds());

        LoadedWeights pinned = cache.load("textattack/bert-base-uncased-SST-2@aaaa1111");
        assertArrayEquals(
                old.get("classifier.weight"),
                pinned.weights().require("classifier.weight").data());
    }

    @Test
    void withoutRefsTheNewestSnapshotIsUsed() throws IOException {
        TinyBert older = TinyBert.random(3, 0, false);
        TinyBert newer = TinyBert.random(4, 0, false);
        Path repo = tmp.resolve("models--org--tiny");
        cacheSnapshot(repo, "c1", older);
        cacheSnapshot(repo, "c2", newer);
        Files.setLastModifiedTime(repo.resolve("snapshots/c1"), FileTime.fromMillis(1_000_000));
        LoadedWeights w = new HfHubCache(tmp).load("org/tiny");
        assertArrayEquals(
                newer.get("embeddings.word_embeddings.weight"),
                w.weights().require("embeddings.word_embeddings.weight").data());
    }

    @Test
    void aModelMissingFromTheCacheSaysWhereItLookedAndHowToGetIt() {
        var e = assertThrows(ModelLoadException.class, () -> new HfHubCache(tmp).load("nobody/nothing"));
        assertTrue(e.getMessage().contains("models--nobody--nothing"), e.getMessage());
        assertTrue(e.getMessage().contains("huggingface-cli download nobody/nothing"), e.getMessage());
        assertTrue(HfHubCache.isModelId("textattack/bert-base-uncased-SST-2"));
        assertFalse(HfHubCache.isModelId("../etc/passwd"));
    }

    @Test
    void aUserWithTheModelInTheCacheCanUseItByNameThroughTheCatalog() throws IOException {
        TinyBert m = TinyBert.random(8, 2, false);
        Path repo = tmp.resolve("models--textattack--bert-base-uncased-SST-2");
        cacheSnapshot(repo, "0123abcd", m);
        HfCacheResolver resolver = new HfCacheResolver(new HfHubCache(tmp));
        ModelCatalog catalog = new ModelCatalog(List.of(resolver));
        ModelEntry entry = catalog.available().get(0);
        assertEquals("textattack/bert-base-uncased-SST-2", entry.id());
        assertEquals(
                List.of(2, 2, 8, "hf-cache"), List.of(entry.layers(), entry.heads(), entry.hidden(), entry.source()));
        try (AttentionModel model = catalog.open("textattack/bert-base-uncased-SST-2", LoadOptions.defaults())) {
            ForwardResult r = model.encode(SentenceInput.of("the dog was big"));
            assertEquals("hf-cache", model.info().source());
            assertEquals(2, r.logits().length);
            assertEquals(6, r.n());
        }
        var e = assertThrows(ModelLoadException.class, () -> catalog.open("textattack/other", LoadOptions.defaults()));
        assertTrue(
                e.getMessage().contains("neither a model directory nor a model in the Hugging Face cache"),
                e.getMessage());
    }

    /** Writes a snapshot the way huggingface_hub does: files in blobs/, symlinked from snapshots/REV/. */
    private static void cacheSnapshot(Path repo, String rev, TinyBert m) throws IOException {
        Path staging =
                HfDirWriter.write(m, repo.resolve("staging-" + rev), Layout.BERT_SEQUENCE_CLASSIFICATION, DType.F32);
        Path snap = Files.createDirectories(repo.resolve("snapshots").resolve(rev));
        Path blobs = Files.createDirectories(repo.resolve("blobs"));
        try (Stream<Path> files = Files.list(staging)) {
            for (Path f : files.toList()) {
                Path blob = blobs.resolve(rev + "-" + f.getFileName());
                Files.move(f, blob);
                Files.createSymbolicLink(snap.resolve(f.getFileName()), snap.relativize(blob));
            }
        }
        Files.delete(staging);
    }
}
