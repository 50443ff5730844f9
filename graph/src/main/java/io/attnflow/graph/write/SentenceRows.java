package io.attnflow.graph.write;

import io.attnflow.core.metrics.HeadBehaviour;
import io.attnflow.core.metrics.SentenceMetrics;
import io.attnflow.core.model.ForwardResult;
import io.attnflow.core.model.Prediction;
import io.attnflow.core.model.RunAnnotations;
import io.attnflow.core.model.TokenInfo;
import io.attnflow.core.trace.ClsReach;
import io.attnflow.core.trace.StoredAttention;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one sentence writes, as plain property maps and edge rows, prepared before the transaction starts. Both
 * write paths ({@link CypherWrites} over Bolt, {@link CoreApiWrites} in the JVM that holds the store) store exactly
 * these maps, so a property added here (per token, per head or per run) reaches the graph on either path; a null
 * value writes no property.
 *
 * @param model    the model id
 * @param sid      the sentence id
 * @param n        tokens in the sequence
 * @param layers   encoder layers L (tokens exist for layers 0..L)
 * @param sentence the Sentence node's properties besides its id: text, textB, corpus, label
 * @param tokens   the Token nodes' properties besides model and sid, in (layer, pos) order (index = layer · n + pos)
 * @param attends  the ATTENDS rows, addressing tokens by that index
 * @param stats    the HeadStat nodes' properties besides model and sid
 * @param run      the Run node's properties besides model, sid and ingestedAt
 */
record SentenceRows(
        String model,
        String sid,
        int n,
        int layers,
        Map<String, Object> sentence,
        List<Map<String, Object>> tokens,
        AttendsRows attends,
        List<Map<String, Object>> stats,
        Map<String, Object> run) {

    static SentenceRows of(SentenceMetrics analysed, RunAnnotations annotations, double floor, int scale) {
        ForwardResult result = analysed.forward();
        int n = result.n();
        int layers = result.attention().layers();
        if (result.attention().n() != n) {
            throw new IllegalArgumentException(
                    "attention is over " + result.attention().n() + " tokens, not " + n);
        }
        // quantized and floored once: the ATTENDS rows and the [CLS] reach come from the same integers, so a backfill
        // from the store agrees with ingest
        StoredAttention stored = StoredAttention.of(result.attention(), floor, scale);
        AttendsRows attends = AttendsRows.of(stored);
        ClsReach reach = ClsReach.of(stored);
        Map<String, Object> sentence = new HashMap<>();
        sentence.put("text", result.input().text());
        sentence.put("textB", result.input().textB());
        sentence.put("corpus", result.input().corpus());
        sentence.put("label", result.input().label());
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("n", n);
        run.put("layers", layers);
        run.put("heads", result.attention().heads());
        run.put("truncated", result.truncated());
        run.put("rels", attends.rows.size());
        run.put("edges", attends.perHeadEdges);
        run.put("clsReachStored", true); // its tokens and head stats carry clsReach (ClsReachBackfill for older runs)
        run.putAll(predictionProperties(annotations.prediction()));
        return new SentenceRows(
                result.model().id(),
                result.input().id(),
                n,
                layers,
                sentence,
                tokenRows(result, analysed.rollout(), analysed.attentionFlow(), annotations.marked(), reach),
                attends,
                statRows(analysed.behaviour(), reach),
                run);
    }

    /** What writing this sentence produces, for {@link GraphWriter}'s callers. */
    WriteStats stats(long nanos) {
        return new WriteStats(sid, n, tokens.size(), attends.rows.size(), attends.perHeadEdges, stats.size(), nanos);
    }

    /** The Run's prediction properties (docs/DATA_MODEL.md); none without a classifier head. */
    private static Map<String, Object> predictionProperties(Prediction p) {
        Map<String, Object> props = new HashMap<>();
        if (p == null) return props;
        props.put("predicted", p.label());
        props.put("probabilities", p.probabilityList());
        if (p.correct() != null) props.put("correct", p.correct());
        return props;
    }

    private static List<Map<String, Object>> tokenRows(
            ForwardResult result, double[] rollout, double[] attentionFlow, boolean[] marked, ClsReach reach) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int layer = 0; layer <= result.attention().layers(); layer++) {
            for (TokenInfo t : result.tokens()) {
                Map<String, Object> row = new HashMap<>();
                row.put("layer", layer);
                row.put("pos", t.pos());
                row.put("text", t.text());
                row.put("special", t.special());
                row.put("wordPiece", t.wordPiece());
                row.put("type", t.type());
                row.put("start", t.start());
                row.put("end", t.end());
                row.put("rollout", layer == 0 ? rollout[t.pos()] : null);
                // attention flow (max-flow), when computed (AttentionFlowPolicy); a null property is not stored
                row.put("attentionFlow", layer == 0 && attentionFlow != null ? attentionFlow[t.pos()] : null);
                row.put("marked", marked[t.pos()] ? Boolean.TRUE : null); // absent = not marked
                row.put("clsReach", reach.token(layer, t.pos()));
                rows.add(row);
            }
        }
        return rows;
    }

    private static List<Map<String, Object>> statRows(HeadBehaviour[][] behaviour, ClsReach reach) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (HeadBehaviour[] layer : behaviour) {
            for (HeadBehaviour b : layer) {
                Map<String, Object> row = new HashMap<>();
                row.put("layer", b.layer());
                row.put("head", b.head());
                row.put("entropy", b.entropy());
                row.put("cls", b.cls());
                row.put("sep", b.sep());
                row.put("punct", b.punct());
                row.put("sepSep", b.sepSep());
                row.put("restSep", b.restSep());
                row.put("self", b.self());
                row.put("prev", b.prev());
                row.put("next", b.next());
                row.put("clsReach", reach.head(b.layer(), b.head()));
                rows.add(row);
            }
        }
        return rows;
    }
}
