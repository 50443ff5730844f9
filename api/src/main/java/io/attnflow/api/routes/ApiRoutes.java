package io.attnflow.api.routes;

import static io.attnflow.api.routes.Params.CORPUS;
import static io.attnflow.api.routes.Params.HEAD;
import static io.attnflow.api.routes.Params.LAYER;
import static io.attnflow.api.routes.Params.LIMIT;
import static io.attnflow.api.routes.Params.MODEL;
import static io.attnflow.api.routes.Params.MODEL_FILTER;
import static io.attnflow.api.routes.Params.OFFSET;
import static io.attnflow.api.routes.Params.Q;
import static io.attnflow.api.routes.Params.SID;

import io.attnflow.api.ApiServices;
import io.attnflow.api.ApiSettings;
import io.attnflow.api.ingest.SentenceIngestor.IngestedSentence;
import io.attnflow.api.openapi.Route;
import io.attnflow.api.openapi.Types;
import io.attnflow.graph.cypher.CypherResult;
import io.attnflow.graph.read.GraphReader.StoredModel;
import io.attnflow.graph.read.GraphReader.StoredSentence;
import io.attnflow.graph.read.GraphReader.StoredToken;
import java.util.List;

/**
 * The route tree: every endpoint of the API in one place, with its documentation. Controllers do the IO; the
 * services they call know nothing of HTTP.
 */
public final class ApiRoutes {
    private ApiRoutes() {}

    /** A page of sentences, as {@code GraphReader.Page<StoredSentence>} is written. */
    public record SentencePage(List<StoredSentence> items, long total, int offset, int limit) {}

    public static List<Route> all(ApiSettings settings, ApiServices services, String version) {
        var health = new HealthController(services.probe(), version);
        var models = new ModelsController(services.reader());
        var sentences = new SentencesController(services.reader());
        var cypher = new CypherController(services.cypher());
        var ingest = new IngestController(services.ingestor(), settings.batchLimit());
        return List.of(
                Route.get("/api/health", health::health)
                        .tag("health")
                        .summary("Health: 200 once the database answers, 503 while it does not")
                        .description("Also reports JVM heap and thread counts.")
                        .returns(HealthController.Health.class),

                // what is stored
                Route.get("/api/models", models::list)
                        .tag("models")
                        .summary("The stored models, with their shape, store floor and sentence count")
                        .returns(Types.listOf(StoredModel.class)),
                Route.get("/api/models/{model}", models::one)
                        .tag("models")
                        .summary("One stored model")
                        .params(MODEL)
                        .returns(StoredModel.class)
                        .errors(404),
                Route.get("/api/sentences", sentences::list)
                        .tag("sentences")
                        .summary(
                                "Stored sentences, searched by text and filtered by model or corpus, one page at a time")
                        .params(Q, MODEL_FILTER, CORPUS, LIMIT, OFFSET)
                        .returns(SentencePage.class),
                Route.get("/api/sentences/{sid}", sentences::one)
                        .tag("sentences")
                        .summary("One stored sentence and the models that hold it")
                        .params(SID)
                        .returns(StoredSentence.class)
                        .errors(404),
                Route.get("/api/models/{model}/sentences/{sid}/tokens", sentences::tokens)
                        .tag("sentences")
                        .summary("A sentence's input tokens for a model, with their rollout relevance")
                        .params(MODEL, SID)
                        .returns(Types.listOf(StoredToken.class))
                        .errors(404),
                Route.get("/api/models/{model}/sentences/{sid}/attention", sentences::attention)
                        .tag("sentences")
                        .summary("One head's raw attention matrix for a sentence (as stored: below the floor reads 0)")
                        .params(MODEL, SID, LAYER, HEAD)
                        .returns(SentencesController.AttentionMatrix.class)
                        .errors(404),

                // analysts
                Route.post("/api/cypher", cypher::run)
                        .tag("cypher")
                        .summary("Run one read-only Cypher query (timeout, row limit); writes are refused with 403")
                        .description("Put values in params and refer to them as $name; the query is EXPLAINed first"
                                + " and refused unless it only reads, then runs in a READ transaction.")
                        .body(CypherController.CypherRequest.class)
                        .returns(CypherResult.class)
                        .errors(403),

                // ingest (small amounts; corpora go through `attnflow ingest`)
                Route.post("/api/models/{model}/sentences", ingest::one)
                        .tag("ingest")
                        .summary("Encode one sentence (or pair, with textB) with the model and store it")
                        .params(MODEL)
                        .body(IngestController.SentenceBody.class)
                        .returns(IngestedSentence.class)
                        .errors(404),
                Route.post("/api/models/{model}/sentences/batch", ingest::batch)
                        .tag("ingest")
                        .summary("Encode and store a small batch of sentences (at most " + settings.batchLimit() + ")")
                        .params(MODEL)
                        .body(IngestController.BatchBody.class)
                        .returns(IngestController.BatchResult.class)
                        .errors(404, 413));
    }
}
