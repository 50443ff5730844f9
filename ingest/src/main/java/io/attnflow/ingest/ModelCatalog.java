package io.attnflow.ingest;

import io.attnflow.ingest.bundled.BundledModels;
import io.attnflow.ingest.weights.ModelLoadException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds and opens models by id or path, offline. Resolvers are asked in order; the first that recognises the id or
 * path loads it.
 *
 * <pre>{@code
 * try (AttentionModel model = ModelCatalog.standard().open("bge-small-en-v1.5", LoadOptions.defaults())) {
 *     ForwardResult r = model.encode(SentenceInput.of("The cat sat on the mat."));
 * }
 * }</pre>
 */
public final class ModelCatalog {
    static {
        // Nothing is ever downloaded: DJL must use the native PyTorch jar on the classpath.
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        // PyTorch's OpenMP threads spin while they wait. When the cores are shared (Neo4j, Jetty, other JVMs) that
        // spinning made a forward pass 20-50x slower on 2 cores. With OMP_WAIT_POLICY=PASSIVE (set by ./attnflow and
        // the tests) two threads are fastest; without it, one intra-op thread is the safe default.
        if (System.getProperty("ai.djl.pytorch.num_threads") == null && System.getenv("OMP_WAIT_POLICY") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", "1");
        }
    }

    private final List<ModelResolver> resolvers;

    public ModelCatalog(List<ModelResolver> resolvers) {
        this.resolvers = List.copyOf(resolvers);
    }

    /** Every model source this build knows, in lookup order. */
    public static ModelCatalog standard() {
        return new ModelCatalog(List.of(
                // add resolvers here, one line each
                new BundledModels(),
                new io.attnflow.ingest.tf.BertBaseResolver(),
                new io.attnflow.ingest.hf.HfDirResolver(),
                new io.attnflow.ingest.hf.HfCacheResolver()));
    }

    /** The models that can be opened without further input. */
    public List<ModelEntry> available() {
        List<ModelEntry> all = new ArrayList<>();
        for (ModelResolver r : resolvers) all.addAll(r.list());
        return all;
    }

    /**
     * Opens a model.
     *
     * @throws ModelLoadException when no resolver recognises {@code idOrPath} (the message lists the available ids
     *     and accepted forms) or the model cannot be loaded
     */
    public AttentionModel open(String idOrPath, LoadOptions options) {
        return new BertAttentionModel(resolve(idOrPath, options), options);
    }

    /**
     * Opens a model under another id, e.g. a fine-tune's checkpoint {@code lt-minilm@step50}, whose directory name
     * ({@code step-50}) would collide with other fine-tunes' in the graph.
     *
     * @throws ModelLoadException as {@link #open}
     */
    public AttentionModel openAs(String idOrPath, String id, LoadOptions options) {
        ResolvedModel r = resolve(idOrPath, options);
        var i = r.info();
        var renamed = new io.attnflow.core.model.ModelInfo(
                id,
                i.name(),
                i.architecture(),
                i.layers(),
                i.heads(),
                i.hidden(),
                i.vocabSize(),
                i.maxPositions(),
                i.source(),
                i.weightsSha256());
        return new BertAttentionModel(new ResolvedModel(renamed, r.weights(), r.tokenizer()), options);
    }

    /**
     * Loads a model's weights and tokenizer without building its forward pass (fine-tuning starts from these).
     * The caller closes the tokenizer.
     *
     * @throws ModelLoadException as {@link #open}
     */
    public ResolvedModel resolve(String idOrPath, LoadOptions options) {
        if (idOrPath == null || idOrPath.isBlank()) {
            throw ModelLoadException.withChoices("no model given", choices());
        }
        for (ModelResolver r : resolvers) {
            Optional<ResolvedModel> resolved = r.resolve(idOrPath, options);
            if (resolved.isPresent()) return resolved.get();
        }
        throw ModelLoadException.withChoices("unknown model '" + idOrPath + "'", choices());
    }

    private String choices() {
        List<String> ids = available().stream().map(ModelEntry::id).toList();
        List<String> forms = resolvers.stream().map(ModelResolver::accepts).toList();
        return "available: " + String.join(", ", ids) + "; accepted forms: " + String.join("; ", forms);
    }
}
