package io.attnflow.app;

import io.attnflow.api.ingest.SentenceIngestor;
import io.attnflow.core.metrics.SentenceMetrics;
import io.attnflow.core.model.ForwardResult;
import io.attnflow.core.model.SentenceInput;
import io.attnflow.core.query.NotFoundException;
import io.attnflow.graph.GraphConnection;
import io.attnflow.graph.write.GraphWriter;
import io.attnflow.ingest.AttentionModel;
import io.attnflow.ingest.LoadOptions;
import io.attnflow.ingest.ModelCatalog;
import io.attnflow.ingest.ModelEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The API's ingest port, wired here because only the app sees both the model runtime and the graph: encode with a
 * model from the catalog, write with the graph writer. Models stay open after first use (loading takes seconds).
 *
 * <p>Over HTTP only the catalog's listed ids are accepted, never a path: a caller must not make the server read
 * arbitrary directories. Ingests run one at a time, which keeps memory bounded on a small machine.
 */
public final class CatalogIngestor implements SentenceIngestor, AutoCloseable {
    private final ModelCatalog catalog;
    private final GraphWriter writer;
    private final Map<String, AttentionModel> open = new HashMap<>();

    public CatalogIngestor(ModelCatalog catalog, GraphConnection connection, double floor) {
        this.catalog = catalog;
        this.writer = new GraphWriter(connection, floor);
    }

    @Override
    public synchronized List<IngestedSentence> ingest(String model, List<SentenceInput> inputs) {
        AttentionModel m = model(model);
        writer.ensureModel(m.info());
        List<ForwardResult> results = m.encodeBatch(inputs);
        List<IngestedSentence> out = new ArrayList<>();
        for (ForwardResult r : results) {
            writer.write(SentenceMetrics.of(r));
            out.add(new IngestedSentence(
                    r.model().id(), r.input().id(), r.input().text(), r.input().textB(), r.n(), r.truncated()));
        }
        return out;
    }

    private AttentionModel model(String id) {
        AttentionModel m = open.get(id);
        if (m != null) return m;
        List<String> ids = catalog.available().stream().map(ModelEntry::id).toList();
        if (!ids.contains(id)) {
            throw new NotFoundException("unknown model '" + id + "': the server can ingest with "
                    + String.join(", ", ids) + " (other models: `attnflow ingest --model <dir or hub id>`)");
        }
        m = catalog.open(id, LoadOptions.defaults());
        open.put(id, m);
        return m;
    }

    @Override
    public synchronized void close() {
        open.values().forEach(AttentionModel::close);
        open.clear();
    }
}
