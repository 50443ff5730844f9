package io.attnflow.ingest.hf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.attnflow.ingest.testing.HfDirWriter;
import io.attnflow.ingest.testing.HfDirWriter.Layout;
import io.attnflow.ingest.testing.SafetensorsWriter.DType;
import io.attnflow.ingest.testing.TinyBert;
import io.attnflow.ingest.weights.LoadedWeights;
import io.attnflow.ingest.weights.ModelLoadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class HfModelDirTest {
    @TempDir
    Path tmp;

    private LoadedWeights load(Path dir) {
        return HfModelDir.load(dir, "tiny", dir.toString(), "hf-dir");
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void everyCanonicalTensorComesBackWithTheValuesThatWereWritten(Layout layout) throws IOException {
        TinyBert m = layout.random(7);
        LoadedWeights w = load(HfDirWriter.write(m, tmp.resolve("m"), layout, DType.F32));

        assertEquals(m.values.keySet(), w.weights().tensors().keySet());
        m.values.forEach((name, v) -> {
            assertArrayEquals(v, w.weights().require(name).data(), name);
            assertArrayEquals(m.shapes.get(name), w.weights().require(name).shape(), name);
        });
        assertEquals(layout.config(), w.weights().config());
        assertEquals(
                layout.labels > 0 ? List.of("negative", "positive") : List.of(),
                w.weights().labels());
        assertEquals(64, w.weights().weightsSha256().length());
        assertEquals(24, w.info().maxPositions(), "usable positions (RoBERTa's first two are reserved)");
    }

    @Test
    void aBfloat16CheckpointDecodesToExactlyItsValues() throws IOException {
        TinyBert m = TinyBert.random(11, 0, false).roundedToBf16();
        LoadedWeights w = load(HfDirWriter.write(m, tmp.resolve("bf16"), Layout.BERT_PREFIXED, DType.BF16));
        m.values.forEach(
                (name, v) -> assertArrayEquals(v, w.weights().require(name).data(), name));
    }

    @Test
    void aVocabTxtBecomesALowercasingWordPieceTokenizer() throws IOException {
        LoadedWeights w =
                load(HfDirWriter.write(TinyBert.random(1, 0, false), tmp.resolve("v"), Layout.BERT_MODEL, DType.F32));
        assertTrue(w.tokenizerJson().contains("\"WordPiece\""));
        assertTrue(w.tokenizerJson().contains("\"lowercase\":true"));
    }

    @Test
    void aDirectoryWithoutWeightsNamesWhatIsMissing() throws IOException {
        Path dir =
                HfDirWriter.write(TinyBert.random(1, 0, false), tmp.resolve("noweights"), Layout.BERT_MODEL, DType.F32);
        Files.delete(dir.resolve("model.safetensors"));
        var e = assertThrows(ModelLoadException.class, () -> load(dir));
        assertTrue(e.getMessage().contains("has no model.safetensors"), e.getMessage());
    }

    @Test
    void aPytorchOnlyDirectoryIsToldHowToConvert() throws IOException {
        Path dir = HfDirWriter.write(TinyBert.random(1, 0, false), tmp.resolve("pt"), Layout.BERT_MODEL, DType.F32);
        Files.move(dir.resolve("model.safetensors"), dir.resolve("pytorch_model.bin"));
        var e = assertThrows(ModelLoadException.class, () -> load(dir));
        assertTrue(e.getMessage().contains("found pytorch_model.bin"), e.getMessage());
        assertTrue(e.getMessage().contains("safe_serialization=True"), e.getMessage());
    }

    @Test
    void aDirectoryWithoutConfigIsNotAModelDirectory() {
        var e = assertThrows(ModelLoadException.class, () -> load(tmp));
        assertTrue(e.getMessage().contains("has no config.json"), e.getMessage());
    }

    @Test
    void anUnsupportedArchitectureIsNamedWithTheSupportedOnes() throws IOException {
        Path dir = HfDirWriter.write(TinyBert.random(1, 0, false), tmp.resolve("gpt"), Layout.BERT_MODEL, DType.F32);
        Files.writeString(
                dir.resolve("config.json"), "{\"architectures\": [\"GPT2LMHeadModel\"], \"model_type\": \"gpt2\"}");
        var e = assertThrows(ModelLoadException.class, () -> load(dir));
        assertTrue(e.getMessage().contains("architecture GPT2LMHeadModel is not supported"), e.getMessage());
        assertTrue(e.getMessage().contains("BertForMaskedLM"), e.getMessage());
    }

    @Test
    void aCorruptHeaderIsReportedAsCorrupt() throws IOException {
        Path dir =
                HfDirWriter.write(TinyBert.random(1, 0, false), tmp.resolve("corrupt"), Layout.BERT_MODEL, DType.F32);
        byte[] b = Files.readAllBytes(dir.resolve("model.safetensors"));
        b[8] = '#'; // the header's opening brace
        Files.write(dir.resolve("model.safetensors"), b);
        var e = assertThrows(ModelLoadException.class, () -> load(dir));
        assertTrue(e.getMessage().contains("is not a valid safetensors file"), e.getMessage());
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
    }

    @Test
    void aTruncatedFileIsReportedWithTheOffsetsThatFallOutside() throws IOException {
        Path dir = HfDirWriter.write(TinyBert.random(1, 0, false), tmp.resolve("trunc"), Layout.BERT_MODEL, DType.F32);
        Path f = dir.resolve("model.safetensors");
        byte[] b = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(b, b.length - 100));
        var e = assertThrows(ModelLoadException.class, () -> load(dir));
        assertTrue(e.getMessage().contains("outside the"), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void aFileCutInsideItsHeaderIsReportedAsTruncated() throws IOException {
        Path dir = HfDirWriter.write(TinyBert.random(1, 0, false), tmp.resolve("cut"), Layout.BERT_MODEL, DType.F32);
        Path f = dir.resolve("model.safetensors");
        Files.write(f, java.util.Arrays.copyOf(Files.readAllBytes(f), 50));
        var e = assertThrows(ModelLoadException.class, () -> load(dir));
        assertTrue(e.getMessage().contains("the header claims"), e.getMessage());
    }

    @Test
    void aCheckpointMissingALayerNamesTheMissingTensors() throws IOException {
        TinyBert m = TinyBert.random(3, 0, false);
        m.values.remove("encoder.layer.1.output.dense.weight");
        Path dir = HfDirWriter.write(m, tmp.resolve("partial"), Layout.BERT_MODEL, DType.F32);
        var e = assertThrows(ModelLoadException.class, () -> load(dir));
        assertTrue(e.getMessage().contains("missing encoder.layer.1.output.dense.weight"), e.getMessage());
    }

    @Test
    void aVocabularyOfTheWrongSizeIsRefused() throws IOException {
        Path dir = HfDirWriter.write(TinyBert.random(1, 0, false), tmp.resolve("vocab"), Layout.BERT_MODEL, DType.F32);
        Files.write(dir.resolve("vocab.txt"), TinyBert.VOCAB.subList(0, 20));
        var e = assertThrows(ModelLoadException.class, () -> load(dir));
        assertTrue(e.getMessage().contains("does not belong to these weights"), e.getMessage());
    }

    @Test
    void aDirectoryWithoutTokenizerNamesBothOptions() throws IOException {
        Path dir = HfDirWriter.write(TinyBert.random(1, 0, false), tmp.resolve("notok"), Layout.BERT_MODEL, DType.F32);
        Files.delete(dir.resolve("vocab.txt"));
        var e = assertThrows(ModelLoadException.class, () -> load(dir));
        assertTrue(e.getMessage().contains("neither tokenizer.json nor vocab.txt"), e.getMessage());
        assertFalse(HfModelDir.looksLikeModelDir(tmp));
    }
}
