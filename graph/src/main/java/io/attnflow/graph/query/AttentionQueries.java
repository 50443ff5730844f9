package io.attnflow.graph.query;

import io.attnflow.core.compare.CompareResult;
import io.attnflow.core.compare.CorpusComparison;
import io.attnflow.core.compare.EdgeDiff;
import io.attnflow.core.compare.EdgeSide;
import io.attnflow.core.compare.ReferenceCompare;
import io.attnflow.core.heads.CorpusHeadImportance;
import io.attnflow.core.heads.HeadRow;
import io.attnflow.core.heads.HeadScore;
import io.attnflow.core.heads.HeadsReport;
import io.attnflow.core.query.InvalidQueryException;
import io.attnflow.core.query.UnknownModelException;
import io.attnflow.core.query.UnknownSentenceException;
import io.attnflow.core.trace.Direction;
import io.attnflow.core.trace.ReferenceTrace;
import io.attnflow.core.trace.StoredAttention;
import io.attnflow.core.trace.TraceAssembler;
import io.attnflow.core.trace.TracePlan;
import io.attnflow.core.trace.TraceRequest;
import io.attnflow.core.trace.TraceResult;
import io.attnflow.graph.GraphConnection;
import io.attnflow.graph.GraphUnavailableException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.Value;
import org.neo4j.driver.exceptions.ClientException;
import org.neo4j.driver.exceptions.ServiceUnavailableException;
import org.neo4j.driver.exceptions.SessionExpiredException;

/**
 * The attention queries (tasks T1–T3) over the graph, returning typed records that the API serves as JSON. Every
 * query is a file of {@code cypher/queries} run verbatim with Cypher parameters; derived numbers (flow values,
 * influence, head importance, per-layer summaries) are computed from the returned edge sets with the same core
 * code as the in-memory reference, so both agree by construction and the tests check the edge sets themselves.
 *
 * <p>Errors: {@link InvalidQueryException} (400) for bad parameters, {@link UnknownModelException} and
 * {@link UnknownSentenceException} (404) for what is not in the graph, {@link
 * io.attnflow.core.query.UnknownQueryException} (404) for an unknown analyst query, {@link GraphUnavailableException}
 * (503) when Neo4j cannot be reached. Thread-safe: the driver pools sessions.
 */
public final class AttentionQueries {
    private final Driver driver;
    private final SessionConfig sessionConfig;
    private final QueryCatalogue catalogue;

    /**
     * @param driver   an open driver (the caller owns and closes it)
     * @param database the database name, or null for the server's default
     */
    public AttentionQueries(Driver driver, String database) {
        this(driver, database, QueryCatalogue.load());
    }

    public AttentionQueries(Driver driver, String database, QueryCatalogue catalogue) {
        this.driver = driver;
        this.sessionConfig = database == null ? SessionConfig.defaultConfig() : SessionConfig.forDatabase(database);
        this.catalogue = catalogue;
    }

    /** The queries over a connection's driver and database (for modules that must not see the driver). */
    public static AttentionQueries of(GraphConnection connection) {
        return new AttentionQueries(connection.driver(), connection.database());
    }

    public QueryCatalogue catalogue() {
        return catalogue;
    }

    /** A model's shape and floor, and one sentence's tokens and rollout, as stored. */
    public record RunInfo(
            String model,
            String sid,
            double floor,
            int layers,
            int heads,
            int n,
            List<String> tokens,
            double[] rollout,
            String text,
            String textB) {}

    /**
     * Looks up a model and sentence.
     *
     * @throws UnknownModelException    when the model is not in the graph
     * @throws UnknownSentenceException when the sentence was not ingested for it
     */
    public RunInfo runInfo(String model, String sid) {
        List<Record> rows = read("run_info", Map.of("model", model, "sid", sid));
        if (rows.isEmpty()) throw new UnknownModelException(model);
        Record r = rows.get(0);
        if (r.get("n").isNull()) throw new UnknownSentenceException(model, sid);
        List<Object> rollout = r.get("rollout").asList();
        double[] roll = new double[rollout.size()];
        for (int k = 0; k < roll.length; k++)
            roll[k] = rollout.get(k) == null ? 0 : ((Number) rollout.get(k)).doubleValue();
        return new RunInfo(
                model,
                sid,
                r.get("floor").asDouble(),
                r.get("runLayers").asInt(),
                r.get("runHeads").asInt(),
                r.get("n").asInt(),
                r.get("tokens").asList(Value::asString),
                roll,
                r.get("text").isNull() ? null : r.get("text").asString(),
                r.get("textB").isNull() ? null : r.get("textB").asString());
    }

    /** T1/T2: a backward or forward trace with node values, token influence, head importance and rollout. */
    public TraceResult trace(TraceRequest request) {
        RunInfo info = runInfo(request.model(), request.sid());
        TracePlan plan = TracePlan.of(request, info.layers(), info.heads(), info.n(), info.floor());
        return TraceAssembler.assemble(plan, info.tokens(), info.heads(), traceEdges(request, plan), info.rollout());
    }

    private List<TraceResult.Edge> traceEdges(TraceRequest request, TracePlan plan) {
        Map<String, Object> params = new HashMap<>();
        params.put("model", request.model());
        params.put("sid", request.sid());
        params.put("tau", plan.tau());
        params.put("fromLayer", plan.fromLayer());
        params.put("toLayer", plan.toLayer());
        params.put("tokens", plan.starts());
        List<List<Integer>> heads = new ArrayList<>();
        for (int[] hs : plan.heads().asLayerList())
            heads.add(java.util.Arrays.stream(hs).boxed().toList());
        params.put("heads", heads);
        String query = plan.backward() ? "trace_backward" : "trace_forward";
        List<Record> rows = read(query, params);
        if (rows.isEmpty()) throw new UnknownSentenceException(request.model(), request.sid());
        return edges(rows.get(0));
    }

    /** Unpacks the columnar edge lists of trace_backward/trace_forward.cypher into per-head edges. */
    static List<TraceResult.Edge> edges(Record r) {
        List<Integer> toLayer = r.get("toLayer").asList(Value::asInt);
        List<Integer> toPos = r.get("toPos").asList(Value::asInt);
        List<Integer> fromPos = r.get("fromPos").asList(Value::asInt);
        List<List<Integer>> head = r.get("head").asList(v -> v.asList(Value::asInt));
        List<List<Double>> w = r.get("w").asList(v -> v.asList(Value::asDouble));
        List<TraceResult.Edge> edges = new ArrayList<>();
        for (int k = 0; k < toLayer.size(); k++) {
            for (int x = 0; x < head.get(k).size(); x++) {
                edges.add(new TraceResult.Edge(
                        toLayer.get(k) - 1,
                        fromPos.get(k),
                        toLayer.get(k),
                        toPos.get(k),
                        head.get(k).get(x),
                        w.get(k).get(x)));
            }
        }
        return edges;
    }

    /** T2: every head on one sentence, with its importance in the backward [CLS] trace at τ and its behaviour. */
    public HeadsReport heads(String model, String sid, double tau) {
        TraceResult trace = trace(clsTrace(model, sid, tau));
        int[][] counts = new int[trace.headImportance().length][];
        for (int l = 0; l < counts.length; l++) counts[l] = new int[trace.headImportance()[l].length];
        for (TraceResult.Edge e : trace.edges()) counts[e.toLayer() - 1][e.head()]++;
        Map<String, Object> params = new HashMap<>();
        params.put("model", model);
        params.put("sid", sid);
        List<HeadRow> rows = new ArrayList<>();
        for (Record r : read("head_behaviour", params)) {
            int l = r.get("layer").asInt(), h = r.get("head").asInt();
            rows.add(new HeadRow(
                    l,
                    h,
                    trace.headImportance()[l - 1][h],
                    counts[l - 1][h],
                    r.get("entropy").asDouble(),
                    r.get("cls").asDouble(),
                    r.get("sep").asDouble(),
                    r.get("punct").asDouble(),
                    r.get("self").asDouble(),
                    r.get("prev").asDouble(),
                    r.get("next").asDouble()));
        }
        return new HeadsReport(model, sid, tau, List.copyOf(rows));
    }

    /** T2: head importance over a corpus (all the model's sentences when {@code corpus} is null). */
    public CorpusHeadImportance headImportance(String model, double tau, String corpus) {
        ModelShape shape = modelShape(model);
        TracePlan.checkTau(tau, shape.floor(), model);
        Map<String, Object> params = new HashMap<>();
        params.put("model", model);
        params.put("tau", tau);
        params.put("corpus", corpus);
        List<Record> rows = read("head_importance_corpus", params);
        int sentences = sentenceCount(model, corpus);
        Map<String, HeadScore> byHead = new HashMap<>();
        for (Record r : rows) {
            HeadScore s = new HeadScore(
                    r.get("layer").asInt(),
                    r.get("head").asInt(),
                    r.get("mean").asDouble(),
                    r.get("sentences").asInt());
            byHead.put(s.layer() + ":" + s.head(), s);
        }
        List<HeadScore> scores = new ArrayList<>();
        for (int l = 1; l <= shape.layers(); l++) {
            for (int h = 0; h < shape.heads(); h++) {
                scores.add(byHead.getOrDefault(l + ":" + h, new HeadScore(l, h, 0, 0)));
            }
        }
        scores.sort(CorpusHeadImportance.ORDER);
        return new CorpusHeadImportance(model, tau, sentences, List.copyOf(scores));
    }

    /** T3: two models on one sentence, head by head, with per-layer summaries. */
    public CompareResult compare(String modelA, String modelB, String sid, double tau) {
        RunInfo infoA = runInfo(modelA, sid), infoB = runInfo(modelB, sid);
        checkPair(infoA, infoB, tau);
        Pair pair = new Pair(storedAttention(infoA), storedAttention(infoB));
        // The [CLS] traces from the stored matrices just read: the same edges trace_backward.cypher returns
        // (tested), without two more round trips.
        TraceResult traceA = ReferenceTrace.trace(pair.a(), infoA.tokens(), clsTrace(modelA, sid, tau), null);
        TraceResult traceB = ReferenceTrace.trace(pair.b(), infoB.tokens(), clsTrace(modelB, sid, tau), null);
        return ReferenceCompare.compare(modelA, pair.a(), traceA, modelB, pair.b(), traceB, sid, tau);
    }

    /** T3: the shared, only-A and only-B per-head edges above τ, optionally of one layer and/or head. */
    public List<EdgeDiff> compareEdges(
            String modelA, String modelB, String sid, double tau, Integer layer, Integer head) {
        RunInfo a = runInfo(modelA, sid), b = runInfo(modelB, sid);
        checkPair(a, b, tau);
        int layers = Math.min(a.layers(), b.layers()), heads = Math.min(a.heads(), b.heads());
        if (layer != null && (layer < 1 || layer > layers)) {
            throw new InvalidQueryException(
                    "layer " + layer + " is out of range: the models have attention layers 1.." + layers);
        }
        if (head != null && (head < 0 || head >= heads)) {
            throw new InvalidQueryException(
                    "head " + head + " is out of range: the models have heads 0.." + (heads - 1) + " per layer");
        }
        Map<String, Object> params = new HashMap<>();
        params.put("modelA", modelA);
        params.put("modelB", modelB);
        params.put("sid", sid);
        params.put("tau", tau);
        params.put("layer", layer);
        params.put("head", head);
        List<EdgeDiff> out = new ArrayList<>();
        for (Record r : read("compare_edges", params)) {
            String side = r.get("side").asString();
            out.add(new EdgeDiff(
                    r.get("layer").asInt(),
                    r.get("head").asInt(),
                    r.get("fromPos").asInt(),
                    r.get("toPos").asInt(),
                    r.get("wA").asDouble(),
                    r.get("wB").asDouble(),
                    side.equals("shared")
                            ? EdgeSide.SHARED
                            : side.equals("onlyA") ? EdgeSide.ONLY_A : EdgeSide.ONLY_B));
        }
        return out;
    }

    /** T3 over a corpus: the heads that changed most and the sentences where the models differ most. */
    public CorpusComparison compareCorpus(String modelA, String modelB, double tau, String corpus) {
        ModelShape a = modelShape(modelA), b = modelShape(modelB);
        TracePlan.checkTau(tau, a.floor(), modelA);
        TracePlan.checkTau(tau, b.floor(), modelB);
        Map<String, Object> params = new HashMap<>();
        params.put("modelA", modelA);
        params.put("modelB", modelB);
        params.put("corpus", corpus);
        Map<String, String[]> texts = new LinkedHashMap<>();
        for (Record r : read("common_sentences", params)) {
            texts.put(r.get("sid").asString(), new String[] {
                r.get("text").isNull() ? null : r.get("text").asString(),
                r.get("textB").isNull() ? null : r.get("textB").asString()
            });
        }
        List<CompareResult> results = new ArrayList<>();
        for (String sid : texts.keySet()) results.add(compare(modelA, modelB, sid, tau));
        return CorpusComparison.of(modelA, modelB, tau, results, texts);
    }

    /**
     * Runs a catalogue query by name with the given parameters; parameters the query lists but the map lacks are
     * passed as null (the queries read null as "default").
     *
     * @throws io.attnflow.core.query.UnknownQueryException for a name not in the catalogue
     */
    public QueryRows run(String name, Map<String, Object> parameters) {
        QueryCatalogue.Query q = catalogue.get(name);
        Map<String, Object> params = new HashMap<>();
        for (String p : q.parameters()) params.put(p, null);
        if (parameters != null) params.putAll(parameters);
        List<Record> rows = read(name, params);
        List<String> columns = rows.isEmpty() ? List.of() : rows.get(0).keys();
        List<Map<String, Object>> out = new ArrayList<>();
        for (Record r : rows) out.add(r.asMap(AttentionQueries::plain));
        return new QueryRows(name, columns, out);
    }

    /** The analyst queries: catalogue files named {@code analyst_*}. */
    public List<QueryCatalogue.Query> analystQueries() {
        return catalogue.all().values().stream()
                .filter(q -> q.name().startsWith("analyst_"))
                .toList();
    }

    private static Object plain(Value v) {
        return switch (v.type().name()) {
            case "NODE" -> v.asNode().asMap();
            case "RELATIONSHIP" -> v.asRelationship().asMap();
            case "LIST OF ANY?" -> v.asList(AttentionQueries::plain);
            case "MAP" -> v.asMap(AttentionQueries::plain);
            default -> v.asObject();
        };
    }

    private TraceRequest clsTrace(String model, String sid, double tau) {
        return new TraceRequest(
                model, sid, Direction.BACKWARD, tau, null, null, List.of(), Map.of(), TraceRequest.DEFAULT_ALPHA);
    }

    private record Pair(StoredAttention a, StoredAttention b) {}

    private static void checkPair(RunInfo a, RunInfo b, double tau) {
        TracePlan.checkTau(tau, a.floor(), a.model());
        TracePlan.checkTau(tau, b.floor(), b.model());
        if (!a.tokens().equals(b.tokens())) {
            throw new InvalidQueryException("models '" + a.model() + "' and '" + b.model() + "' tokenize the sentence"
                    + " differently (" + a.n() + " and " + b.n() + " tokens): compare models that share a tokenizer");
        }
    }

    /** The stored matrices of one model on one sentence (stored_attention.cypher). */
    public StoredAttention storedAttention(RunInfo info) {
        Record r = read("stored_attention", Map.of("model", info.model(), "sid", info.sid()))
                .get(0);
        int n = info.n(), heads = info.heads();
        int[] q = new int[info.layers() * heads * n * n];
        List<Integer> layer = r.get("layer").asList(Value::asInt);
        List<Integer> is = r.get("i").asList(Value::asInt);
        List<Integer> js = r.get("j").asList(Value::asInt);
        List<Value> qs = r.get("q").asList(Function.identity());
        for (int k = 0; k < layer.size(); k++) {
            List<Integer> v = qs.get(k).asList(Value::asInt);
            for (int h = 0; h < heads; h++) {
                q[((((layer.get(k) - 1) * heads + h) * n + is.get(k)) * n) + js.get(k)] = v.get(h);
            }
        }
        return StoredAttention.ofStored(info.layers(), heads, n, info.floor(), q);
    }

    private record ModelShape(double floor, int layers, int heads) {}

    private ModelShape modelShape(String model) {
        List<Record> rows = readText(
                "MATCH (m:Model {id: $model}) RETURN m.floor AS floor, m.layers AS layers, m.heads AS heads",
                Map.of("model", model));
        if (rows.isEmpty()) throw new UnknownModelException(model);
        Record r = rows.get(0);
        return new ModelShape(
                r.get("floor").asDouble(),
                r.get("layers").asInt(),
                r.get("heads").asInt());
    }

    private int sentenceCount(String model, String corpus) {
        Map<String, Object> params = new HashMap<>();
        params.put("model", model);
        params.put("corpus", corpus);
        return readText(
                        "MATCH (:Run {model: $model})-[:OF]->(s:Sentence) WHERE $corpus IS NULL OR s.corpus = $corpus"
                                + " RETURN count(*) AS c",
                        params)
                .get(0)
                .get("c")
                .asInt();
    }

    private List<Record> read(String name, Map<String, Object> params) {
        return readText(catalogue.text(name), params);
    }

    /** Runs a read query, translating database errors at the service boundary. */
    private List<Record> readText(String cypher, Map<String, Object> params) {
        try (Session session = driver.session(sessionConfig)) {
            return session.executeRead(tx -> tx.run(cypher, params).list());
        } catch (ServiceUnavailableException | SessionExpiredException e) {
            throw new GraphUnavailableException(
                    "Neo4j is not reachable: " + e.getMessage()
                            + " (start it, or point --neo4j-uri at a running server)",
                    e);
        } catch (ClientException e) {
            String m = e.getMessage() == null ? "" : e.getMessage();
            int at = m.indexOf("Text cannot be parsed to a Date");
            if (at >= 0) {
                // the queries' own parameter checks (Cypher has no RAISE): the text is our message
                int open = m.indexOf('"', at), close = m.lastIndexOf('"');
                throw new InvalidQueryException(open >= 0 && close > open ? m.substring(open + 1, close) : m);
            }
            throw e;
        }
    }
}
