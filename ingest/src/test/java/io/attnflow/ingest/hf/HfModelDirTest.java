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

    @Test
    void aShardedCheckpointIsReadFromTheShardsItsIndexNames() throws IOException {
        TinyBert m = TinyBert.random(17, 0, false);
        Path dir = HfDirWriter.write(m, tmp.resolve("sharded"), Layout.BERT_MODEL, DType.F32);
        Files.delete(dir.resolve("model.safetensors"));
        var first = new java.util.LinkedHashMap<String, float[]>();
        var second = new java.util.LinkedHashMap<String, float[]>();
        var map = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
        var weightMap = map.putObject("weight_map");
        m.values.forEach((k, v) -> {
            boolean a = !k.startsWith("encoder.layer.1.");
            (a ? first : second).put(k, v);
            weightMap.put(k, a ? "model-00001-of-00002.safetensors" : "model-00002-of-00002.safetensors");
        });
        io.attnflow.ingest.testing.SafetensorsWriter.write(
                dir.resolve("model-00001-of-00002.safetensors"), m.shapes, first, DType.F32);
        io.attnflow.ingest.testing.SafetensorsWriter.write(
                dir.resolve("model-00002-of-00002.safetensors"), m.shapes, second, DType.F32);
        Files.writeString(dir.resolve("model.safetensors.index.json"), map.toString());
        LoadedWeights w = load(dir);
        m.values.forEach(
                (name, v) -> assertArrayEquals(v, w.weights().require(name).data(), name));
    }

    @Test
    void aTokenizerJsonInTheDirectoryIsUsedAsItIs() throws IOException {
        Path dir =
                HfDirWriter.write(TinyBert.random(1, 0, false), tmp.resolve("tokjson"), Layout.BERT_MODEL, DType.F32);
        String own = WordPieceTokenizerJson.build(TinyBert.VOCAB, false, WordPieceTokenizerJson.Specials.BERT)
                .replace("\"max_input_chars_per_word\":100", "\"max_input_chars_per_word\":77");
        Files.writeString(dir.resolve("tokenizer.json"), own);
        assertEquals(own, load(dir).tokenizerJson());
    }

    @Test
    void tokenizerConfigDecidesLowerCasing() throws IOException {
        Path dir = HfDirWriter.write(TinyBert.random(1, 0, false), tmp.resolve("cased"), Layout.BERT_MODEL, DType.F32);
        Files.writeString(
                dir.resolve("tokenizer_config.json"), "{\"do_lower_case\": false, \"mask_token\": \"[MASK]\"}");
        assertTrue(load(dir).tokenizerJson().contains("\"lowercase\":false"));
    }

    @Test
    void anApproximateGeluIsRefusedBecauseTheForwardPassWouldDiffer() throws IOException {
        Path dir =
                HfDirWriter.write(TinyBert.random(1, 0, false), tmp.resolve("gelunew"), Layout.BERT_MODEL, DType.F32);
        Files.writeString(
                dir.resolve("config.json"),
                Files.readString(dir.resolve("config.json")).replace("\"gelu\"", "\"gelu_new\""));
        var e = assertThrows(ModelLoadException.class, () -> load(dir));
        assertTrue(e.getMessage().contains("hidden_act 'gelu_new'"), e.getMessage());
    }

    @Test
    void aConfigWithoutTheLayerCountNamesTheKey() throws IOException {
        Path dir =
                HfDirWriter.write(TinyBert.random(1, 0, false), tmp.resolve("nolayers"), Layout.BERT_MODEL, DType.F32);
        Files.writeString(
                dir.resolve("config.json"),
                Files.readString(dir.resolve("config.json")).replace("num_hidden_layers", "layers"));
        var e = assertThrows(ModelLoadException.class, () -> load(dir));
        assertTrue(e.getMessage().contains("lacks a positive integer 'num_hidden_layers'"), e.getMessage());
    }

    @Test
    void aQuestionAnsweringBertIsLoadedForItsAttentionWithoutItsHead() throws IOException {
        TinyBert m = TinyBert.random(19, 0, false);
        Path dir = HfDirWriter.write(m, tmp.resolve("qa"), Layout.BERT_PREFIXED, DType.F32);
        Files.writeString(
                dir.resolve("config.json"),
                Files.readString(dir.resolve("config.json")).replace("\"BertModel\"", "\"BertForQuestionAnswering\""));
        LoadedWeights w = load(dir);
        assertEquals(m.values.keySet(), w.weights().tensors().keySet());
        assertTrue(w.name().contains("attention only"), w.name());
    }
}
