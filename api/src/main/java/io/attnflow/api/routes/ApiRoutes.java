package io.attnflow.api.routes;

import static io.attnflow.api.routes.Params.ALPHA;
import static io.attnflow.api.routes.Params.CORPUS;
import static io.attnflow.api.routes.Params.DIRECTION;
import static io.attnflow.api.routes.Params.FROM_LAYER;
import static io.attnflow.api.routes.Params.HEAD;
import static io.attnflow.api.routes.Params.HEADS;
import static io.attnflow.api.routes.Params.HEAD_FILTER;
import static io.attnflow.api.routes.Params.LAYER;
import static io.attnflow.api.routes.Params.LAYER_FILTER;
import static io.attnflow.api.routes.Params.LIMIT;
import static io.attnflow.api.routes.Params.MODEL;
import static io.attnflow.api.routes.Params.MODEL_A;
import static io.attnflow.api.routes.Params.MODEL_B;
import static io.attnflow.api.routes.Params.MODEL_FILTER;
import static io.attnflow.api.routes.Params.NAME;
import static io.attnflow.api.routes.Params.OFFSET;
import static io.attnflow.api.routes.Params.Q;
import static io.attnflow.api.routes.Params.SID;
import static io.attnflow.api.routes.Params.SID_QUERY;
import static io.attnflow.api.routes.Params.TAU;
import static io.attnflow.api.routes.Params.TIMEOUT_MS;
import static io.attnflow.api.routes.Params.TOKENS;
import static io.attnflow.api.routes.Params.TO_LAYER;

import io.attnflow.api.ApiServices;
import io.attnflow.api.ApiSettings;
import io.attnflow.api.ingest.SentenceIngestor.IngestedSentence;
import io.attnflow.api.openapi.Route;
import io.attnflow.api.openapi.Types;
import io.attnflow.core.compare.CompareResult;
import io.attnflow.core.compare.CorpusComparison;
import io.attnflow.core.compare.EdgeDiff;
import io.attnflow.core.heads.CorpusHeadImportance;
import io.attnflow.core.heads.HeadsReport;
import io.attnflow.core.trace.TraceResult;
import io.attnflow.graph.cypher.CypherResult;
import io.attnflow.graph.heads.HeadGraphService;
import io.attnflow.graph.heads.HeadGraphView;
import io.attnflow.graph.query.QueryRows;
import io.attnflow.graph.read.GraphReader.StoredModel;
import io.attnflow.graph.read.GraphReader.StoredSentence;
import java.util.List;
import java.util.function.Supplier;

/**
 * The route tree: every endpoint of the API in one place, with its documentation. Controllers do the IO; the
 * services they call know nothing of HTTP.
 */
public final class ApiRoutes {
    private ApiRoutes() {}

    /** A page of sentences, as {@code GraphReader.Page<StoredSentence>} is written. */
    public record SentencePage(List<StoredSentence> items, long total, int offset, int limit) {}

    public static List<Route> all(
            ApiSettings settings,
            ApiServices services,
            Supplier<HealthController.DatabaseStatus> database,
            String version) {
        var health = new HealthController(database, version);
        var models = new ModelsController(services.reader());
        var sentences = new SentencesController(services.reader());
        var traces = new TraceController(services.queries());
        var heads = new HeadsController(services.queries(), services.reader());
        var compare = new CompareController(services.queries());
        var named = new QueriesController(services.queries());
        var cypher = new CypherController(services.cypher());
        var ingest = new IngestController(services.ingestor(), settings.batchLimit());
        var headGraph = new HeadGraphController(services.heads());
        return List.of(
                Route.get("/api/health", health::health)
                        .tag("health")
                        .summary("Health: 200 once the database answers, 503 while it is busy or down")
                        .description("Answers within a second. 503 says database \"busy\" when the database is"
                                + " reachable but did not answer in time (every connection taken, slow queries) and"
                                + " \"down\" when it cannot be reached. Also reports JVM heap and thread counts.")
                        .returns(HealthController.Health.class),

                // what is stored
                Route.get("/api/models", models::list)
                        .tag("models")
                        .summary("The stored models, with their shape, store floor, sentence count, classifier labels"
                                + " and the base they were fine-tuned from")
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
                        .summary("One stored sentence, the models that hold it and the predictions of those with a"
                                + " classifier head")
                        .params(SID)
                        .returns(StoredSentence.class)
                        .errors(404),
                Route.get("/api/models/{model}/sentences/{sid}/tokens", sentences::tokens)
                        .tag("sentences")
                        .summary(
                                "A sentence's input tokens for a model (rollout relevance, attention flow (max-flow),"
                                        + " error marks) and the model's classifier prediction (null without a classifier head)")
                        .params(MODEL, SID)
                        .returns(SentencesController.SentenceTokens.class)
                        .errors(404),
                Route.get("/api/models/{model}/sentences/{sid}/attention", sentences::attention)
                        .tag("sentences")
                        .summary("One head's raw attention matrix for a sentence (as stored: below the floor reads 0)")
                        .params(MODEL, SID, LAYER, HEAD)
                        .returns(SentencesController.AttentionMatrix.class)
                        .errors(404),

                // T1: traces
                Route.get("/api/models/{model}/sentences/{sid}/trace", traces::trace)
                        .tag("traces")
                        .summary("Backward or forward trace: nodes with flow values, per-head edges, token influence,"
                                + " head importance, rollout and attention flow (max-flow; null when not computed at ingest)"
                                + " (the same JSON as `attnflow trace --format json`)")
                        .params(MODEL, SID, DIRECTION, TAU, FROM_LAYER, TO_LAYER, TOKENS, HEADS, ALPHA, TIMEOUT_MS)
                        .returns(TraceResult.class)
                        .errors(404),
                Route.get("/api/models/{model}/sentences/{sid}/trace/columns", traces::columns)
                        .tag("traces")
                        .summary("The same trace as /trace, with its per-head edges as columns of integers (edge k:"
                                + " fromPos[k] @ toLayer[k]-1 -> toPos[k] @ toLayer[k] in head[k], w = q[k] / scale,"
                                + " bit for bit /trace's w): about a quarter of the bytes, for clients that draw"
                                + " large traces (the web UI)")
                        .params(MODEL, SID, DIRECTION, TAU, FROM_LAYER, TO_LAYER, TOKENS, HEADS, ALPHA, TIMEOUT_MS)
                        .returns(TraceColumns.class)
                        .errors(404),

                // T2: heads
                Route.get("/api/models/{model}/sentences/{sid}/heads", heads::sentence)
                        .tag("heads")
                        .summary("Every head on one sentence: importance in the backward [CLS] trace at τ and Clark"
                                + " behaviour (attention to [CLS], [SEP], punctuation, self, previous, next; entropy;"
                                + " [SEP]→[SEP] and other→[SEP])")
                        .params(MODEL, SID, TAU)
                        .returns(HeadsReport.class)
                        .errors(404),
                Route.get("/api/models/{model}/sentences/{sid}/rollout", heads::rollout)
                        .tag("heads")
                        .summary("Attention rollout and attention flow (max-flow) (Abnar & Zuidema): each input token's"
                                + " relevance for [CLS]; attentionFlow is null when ingest did not compute it")
                        .params(MODEL, SID)
                        .returns(HeadsController.RolloutResult.class)
                        .errors(404),
                Route.get("/api/models/{model}/heads/importance", heads::corpusImportance)
                        .tag("heads")
                        .summary("Head importance over the corpus: mean per sentence and the number of sentences whose"
                                + " [CLS] trace uses the head, most important first")
                        .params(MODEL, TAU, CORPUS)
                        .returns(CorpusHeadImportance.class)
                        .errors(404),
                Route.get("/api/models/{model}/heads/behaviour", heads::corpusBehaviour)
                        .tag("heads")
                        .summary("Clark et al. head behaviour averaged over every sentence of the model")
                        .params(MODEL)
                        .returns(QueryRows.class)
                        .errors(404),

                // the head graph
                Route.post("/api/heads/graph", headGraph::build)
                        .tag("heads")
                        .summary(
                                "Build the head graph of stored models: Kovaleva patterns, kNN SIMILAR edges by Clark"
                                        + " et al.'s Jensen-Shannon divergence, GDS Louvain communities (replaces the last one)")
                        .description("Heads of different models are compared on the sentences both hold. 404 for an"
                                + " unknown model, 400 when a model holds no sentence (of the corpus) or two models"
                                + " hold none in common.")
                        .body(HeadGraphController.BuildBody.class)
                        .returns(HeadGraphService.BuildResult.class)
                        .errors(400, 404),
                Route.get("/api/heads/graph", headGraph::view)
                        .tag("heads")
                        .summary("The stored head graph: every head (pattern, community, shares) and SIMILAR edge")
                        .returns(HeadGraphView.class),

                // T3: compare
                Route.get("/api/compare", compare::sentence)
                        .tag("compare")
                        .summary("Compare two models on one sentence: per head shared/only-A/only-B edges, Jaccard,"
                                + " cosine (with error bound), shared and unique heads, per-layer summaries")
                        .params(MODEL_A, MODEL_B, SID_QUERY, TAU)
                        .returns(CompareResult.class)
                        .errors(404),
                Route.get("/api/compare/edges", compare::edges)
                        .tag("compare")
                        .summary("The per-head edges above τ only in A, only in B, or in both")
                        .params(MODEL_A, MODEL_B, SID_QUERY, TAU, LAYER_FILTER, HEAD_FILTER)
                        .returns(Types.listOf(EdgeDiff.class))
                        .errors(404),
                Route.get("/api/compare/corpus", compare::corpus)
                        .tag("compare")
                        .summary("Compare two models over a corpus: the heads that changed most and the sentences where"
                                + " they differ most")
                        .params(MODEL_A, MODEL_B, TAU, CORPUS)
                        .returns(CorpusComparison.class)
                        .errors(404),

                // corpus-level analyst queries and read-only Cypher
                Route.get("/api/queries", named::list)
                        .tag("queries")
                        .summary("The named corpus-level analyst queries, with their parameters and Cypher text")
                        .returns(Types.listOf(QueriesController.NamedQuery.class)),
                Route.get("/api/queries/{name}", named::run)
                        .tag("queries")
                        .summary("Run a named analyst query; its parameters come from the query string")
                        .description("Numbers, true/false and null are typed; model, sid and corpus stay text.")
                        .params(NAME)
                        .returns(QueryRows.class)
                        .errors(400, 404), // 400: a parameter the query does not take, or a bad limit
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
