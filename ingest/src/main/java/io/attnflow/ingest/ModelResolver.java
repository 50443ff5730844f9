package io.attnflow.ingest;

import io.attnflow.ingest.weights.ModelLoadException;
import java.util.List;
import java.util.Optional;

/**
 * One way of finding a model: bundled jars, a Hugging Face directory, the Hugging Face cache, a TF checkpoint.
 * {@link ModelCatalog} asks its resolvers in order; the first that recognises the id or path loads it.
 */
public interface ModelResolver {

    /**
     * Loads the model when this resolver recognises {@code idOrPath}.
     *
     * @return empty when the id or path is not this resolver's kind
     * @throws ModelLoadException when it is, but cannot be loaded (missing files, corrupt weights); the message names
     *     the problem for the user
     */
    Optional<ResolvedModel> resolve(String idOrPath, LoadOptions options);

    /** The models this resolver can open without further input (for {@code attnflow models}); cheap to call. */
    List<ModelEntry> list();

    /** One line naming the accepted forms, shown when no resolver recognises an id, e.g. "a bundled id". */
    String accepts();
}
