package io.attnflow.graph.query;

import io.attnflow.core.heads.CorpusHeadImportance;
import io.attnflow.core.heads.HeadRow;
import io.attnflow.core.heads.HeadScore;
import io.attnflow.core.heads.HeadsReport;
import io.attnflow.core.trace.TracePlan;
import io.attnflow.core.trace.TraceRequest;
import io.attnflow.core.trace.TraceResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.neo4j.driver.Record;

/**
 * T2 over the graph: every head on one sentence (importance in the backward {@code [CLS]} trace, and the Clark et
 * al. behaviour of head_behaviour.cypher), and head importance over a corpus (head_importance_corpus.cypher).
 */
public final class HeadQueries {
    private final QueryRunner runner;
    private final TraceQueries traces;

    HeadQueries(QueryRunner runner, TraceQueries traces) {
        this.runner = runner;
        this.traces = traces;
    }

    /** Every head on one sentence, with its importance in the backward [CLS] trace at τ and its behaviour. */
    public HeadsReport heads(String model, String sid, double tau) {
        TraceResult trace = traces.trace(TraceRequest.fromCls(model, sid).withTau(tau));
        int[][] counts = new int[trace.headImportance().length][];
        for (int l = 0; l < counts.length; l++) counts[l] = new int[trace.headImportance()[l].length];
        for (TraceResult.Edge e : trace.edges()) counts[e.toLayer() - 1][e.head()]++;
        List<HeadRow> rows = new ArrayList<>();
        for (Record r : runner.read("head_behaviour", QueryRunner.params("model", model, "sid", sid))) {
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
                    r.get("next").asDouble(),
                    r.get("sepSep").asDouble(0),
                    r.get("restSep").asDouble(0)));
        }
        return new HeadsReport(model, sid, tau, List.copyOf(rows));
    }

    /** Head importance over a corpus (all the model's sentences when {@code corpus} is null). */
    public CorpusHeadImportance headImportance(String model, double tau, String corpus) {
        QueryRunner.ModelShape shape = runner.modelShape(model);
        TracePlan.checkTau(tau, shape.floor(), model);
        List<Record> rows =
                runner.read("head_importance_corpus", QueryRunner.params("model", model, "tau", tau, "corpus", corpus));
        int sentences = runner.sentenceCount(model, corpus);
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
}
