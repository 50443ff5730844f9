package io.attnflow.api.routes;

import static io.attnflow.api.routes.Params.MODEL;

import io.attnflow.api.ApiServices;
import io.attnflow.api.ApiSettings;
import io.attnflow.api.ingest.SentenceIngestor.IngestedSentence;
import io.attnflow.api.openapi.Route;
import java.util.List;

/**
 * The route tree: every endpoint of the API in one place, with its documentation. Controllers do the IO; the
 * services they call know nothing of HTTP.
 */
public final class ApiRoutes {
    private ApiRoutes() {}

    public static List<Route> all(ApiSettings settings, ApiServices services, String version) {
        var health = new HealthController(services.probe(), version);
        var ingest = new IngestController(services.ingestor(), settings.batchLimit());
        return List.of(
                Route.get("/api/health", health::health)
                        .tag("health")
                        .summary("Health: 200 once the database answers, 503 while it does not")
                        .description("Also reports JVM heap and thread counts.")
                        .returns(HealthController.Health.class),

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
