package io.attnflow.ingest.hf;

import io.attnflow.ingest.LoadOptions;
import io.attnflow.ingest.ModelEntry;
import io.attnflow.ingest.ModelResolver;
import io.attnflow.ingest.ResolvedModel;
import io.attnflow.ingest.weights.ModelLoadException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code --model ORG/NAME}: a model already in the local Hugging Face hub cache ({@link HfHubCache}). An id with an
 * organisation that is not in the cache is an error that says where it looked; a bare name that is not there is
 * left to the other resolvers.
 */
public final class HfCacheResolver implements ModelResolver {
    private final HfHubCache cache;

    /** The cache this process's environment points at. */
    public HfCacheResolver() {
        this(HfHubCache.fromEnvironment());
    }

    public HfCacheResolver(HfHubCache cache) {
        this.cache = cache;
    }

    @Override
    public Optional<ResolvedModel> resolve(String idOrPath, LoadOptions options) {
        String spec = idOrPath.trim();
        if (!HfHubCache.isModelId(spec)) return Optional.empty();
        if (cache.snapshot(spec).isEmpty()) {
            if (!spec.contains("/")) return Optional.empty(); // a bare name: perhaps another resolver's id
            String id = spec.replaceAll("@.*", "");
            throw new ModelLoadException("'" + spec + "' is neither a model directory nor a model in the Hugging Face"
                    + " cache at " + cache.root() + " (looked for "
                    + cache.root().resolve("models--" + id.replace("/", "--"))
                    + "); fetch it where there is internet with `huggingface-cli download " + id + "` and copy the"
                    + " cache here, or point HF_HOME / HF_HUB_CACHE at a cache that has it");
        }
        return Optional.of(ResolvedModel.of(cache.load(spec)));
    }

    @Override
    public List<ModelEntry> list() {
        List<ModelEntry> out = new ArrayList<>();
        for (String id : cache.modelIds()) {
            try {
                Path dir = cache.snapshot(id).orElseThrow();
                HfConfig c = HfConfig.read(dir.resolve("config.json"));
                out.add(new ModelEntry(
                        id,
                        c.architecture() + " in the Hugging Face cache (" + dir + ")",
                        "hf-cache",
                        c.config().layers(),
                        c.config().heads(),
                        c.config().hidden()));
            } catch (RuntimeException unsupported) {
                // not a BERT-family model: it cannot be opened, so it is not listed
            }
        }
        return out;
    }

    @Override
    public String accepts() {
        return "a Hugging Face model id in the local cache " + cache.root()
                + " (e.g. textattack/bert-base-uncased-SST-2)";
    }
}
