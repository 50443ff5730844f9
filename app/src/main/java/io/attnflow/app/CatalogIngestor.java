package io.attnflow.app;

import io.attnflow.api.ingest.SentenceIngestor;
import io.attnflow.core.model.ForwardResult;
import io.attnflow.core.model.SentenceInput;
import io.attnflow.core.query.InvalidInputException;
import io.attnflow.core.query.NotFoundException;
import io.attnflow.graph.GraphConnection;
import io.attnflow.graph.write.GraphWriter;
import io.attnflow.ingest.AttentionModel;
import io.attnflow.ingest.LoadOptions;
import io.attnflow.ingest.ModelCatalog;
import io.attnflow.ingest.ModelEntry;
import io.attnflow.ingest.tokenize.InputTooLongException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The API's ingest port, wired here because only the app sees both the model runtime and the graph: a thin adapter
 * over {@link IngestPipeline#ingest}, the batch step of the one ingest path. Models stay open after first use (loading takes seconds),
 * at most {@link #DEFAULT_OPEN_MODELS} at a time: opening another closes the least recently used one.
 *
 * <p>Over HTTP only the bundled models are accepted (README, "Models": the ONNX weights inside the jars, about
 * 130 MB each), never a path, a Hugging Face id or the 408 MB {@code bert-base-uncased}: a caller must not make the
 * server read arbitrary directories or fill its memory. Ingests run one at a time, which keeps memory bounded on a
 * small machine.
 */
public final class CatalogIngestor implements SentenceIngestor, AutoCloseable {
    /** Two: the compare views need two models of one tokenizer, and the demo ingests two. */
    public static final int DEFAULT_OPEN_MODELS = 2;

    /** The catalog source whose models HTTP may load. */
    static final String HTTP_SOURCE = "bundled";

    private final ModelCatalog catalog;
    private final GraphConnection connection;
    private final IngestPipeline.Options options;
    private final int maxOpen;
    private final Map<String, Open> open = new LinkedHashMap<>(4, 0.75f, true); // access order: LRU first

    /** A loaded model and the pipeline that ingests with it. */
    private record Open(AttentionModel model, IngestPipeline pipeline) {}

    public CatalogIngestor(ModelCatalog catalog, GraphConnection connection, double floor) {
        this(catalog, connection, floor, DEFAULT_OPEN_MODELS);
    }

    public CatalogIngestor(ModelCatalog catalog, GraphConnection connection, double floor, int maxOpen) {
        if (maxOpen < 1) throw new IllegalArgumentException("maxOpen must be at least 1, not " + maxOpen);
        this.catalog = catalog;
        this.connection = connection;
        // every request is written as sent (an earlier run is replaced); a bad input fails its request
        this.options = new IngestPipeline.Options(floor, GraphWriter.DEFAULT_BATCH, true, IngestPipeline.OnError.fail);
        this.maxOpen = maxOpen;
    }

    @Override
    public synchronized List<IngestedSentence> ingest(String model, List<SentenceInput> inputs) {
        List<ForwardResult> results;
        try {
            results = open(model).pipeline().ingest(inputs);
        } catch (InputTooLongException e) {
            throw new InvalidInputException("the input has " + e.tokens() + " tokens but " + model
                    + " accepts at most " + e.maxLength() + ": shorten the text or split it into several sentences"
                    + " (over HTTP nothing is cut; `attnflow ingest --truncate` cuts a corpus file's long lines)");
        }
        List<IngestedSentence> out = new ArrayList<>();
        for (ForwardResult r : results) {
            out.add(new IngestedSentence(
                    r.model().id(), r.input().id(), r.input().text(), r.input().textB(), r.n(), r.truncated()));
        }
        return out;
    }

    /** The ids of the models open now, least recently used first (for tests and diagnostics). */
    public synchronized List<String> openModels() {
        return List.copyOf(open.keySet());
    }

    private Open open(String id) {
        Open m = open.get(id);
        if (m != null) return m;
        List<String> ids = catalog.available().stream()
                .filter(e -> HTTP_SOURCE.equals(e.source()))
                .map(ModelEntry::id)
                .toList();
        if (!ids.contains(id)) {
            throw new NotFoundException("model '" + id + "' cannot be loaded here: the server ingests with the bundled"
                    + " models " + String.join(", ", ids) + " (any other model: `attnflow ingest --model <id or dir>"
                    + " --corpus FILE`)");
        }
        while (open.size() >= maxOpen) {
            String eldest = open.keySet().iterator().next();
            open.remove(eldest).model().close();
        }
        AttentionModel model = catalog.open(id, LoadOptions.defaults());
        m = new Open(model, new IngestPipeline(connection, model, options, null));
        open.put(id, m);
        return m;
    }

    @Override
    public synchronized void close() {
        open.values().forEach(m -> m.model().close());
        open.clear();
    }
}
