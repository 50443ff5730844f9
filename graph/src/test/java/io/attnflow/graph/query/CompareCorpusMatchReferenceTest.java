package io.attnflow.graph.query;

import static io.attnflow.graph.query.CompareQueriesMatchReferenceTest.d;
import static io.attnflow.graph.query.CompareQueriesMatchReferenceTest.i;
import static io.attnflow.graph.query.CompareQueriesMatchReferenceTest.maps;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.attnflow.core.compare.CompareResult;
import io.attnflow.core.compare.CorpusComparison;
import io.attnflow.core.compare.HeadChange;
import io.attnflow.core.compare.SentenceDifference;
import io.attnflow.core.heads.CorpusHeadImportance;
import io.attnflow.core.heads.HeadScore;
import io.attnflow.core.model.SentenceInput;
import io.attnflow.core.trace.MatrixTrace;
import io.attnflow.core.trace.StoredAttention;
import io.attnflow.core.trace.TraceRequest;
import io.attnflow.graph.query.CompareQueriesMatchReferenceTest.Model;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Over a small corpus, compare.cypher (with $sid null), the service and head_importance_corpus equal the core. */
class CompareCorpusMatchReferenceTest {

    @Test
    void corpusComparisonsAndCorpusHeadImportanceEqualTheReference() {
        Model a = CompareQueriesMatchReferenceTest.model(2, 3), b = CompareQueriesMatchReferenceTest.model(2, 3);
        String ida = a.info().id(), idb = b.info().id();
        double tau = 0.05;
        List<CompareResult> expected = new ArrayList<>();
        Map<String, String[]> texts = new HashMap<>();
        List<double[][]> importanceA = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            SentenceInput input = SentenceInput.of("corpus sentence " + s + " of " + ida);
            int n = 3 + 2 * s;
            StoredAttention sa = CompareQueriesMatchReferenceTest.write(a, input, n, 100 + s, 0.5),
                    sb = CompareQueriesMatchReferenceTest.write(b, input, n, 200 + s, 0.5);
            expected.add(CompareQueriesMatchReferenceTest.reference(ida, sa, idb, sb, input.id(), tau));
            texts.put(input.id(), new String[] {input.text(), null});
            importanceA.add(MatrixTrace.trace(
                            sa,
                            Fixtures.texts(Fixtures.tokens(n, 0)),
                            TraceRequest.fromCls(ida, input.id()).withTau(tau),
                            null)
                    .headImportance());
        }
        CorpusComparison want = CorpusComparison.of(ida, idb, tau, expected, texts);
        CorpusComparison got = QueryGraph.queries().compareCorpus(ida, idb, tau, null);
        assertEquals(want.sentences(), got.sentences());
        assertEquals(
                want.differing().stream().map(SentenceDifference::sid).toList(),
                got.differing().stream().map(SentenceDifference::sid).toList());

        Map<String, Object> row =
                CompareQueriesMatchReferenceTest.one(Map.of("modelA", ida, "modelB", idb, "tau", tau, "limit", 1000));
        List<Map<String, Object>> heads = maps(row, "heads");
        assertEquals(want.heads().size(), heads.size());
        for (int k = 0; k < heads.size(); k++) {
            HeadChange e = want.heads().get(k);
            Map<String, Object> r = heads.get(k);
            assertEquals(
                    List.of(e.layer(), e.head(), e.sharedIn(), e.sentences()),
                    List.of(i(r, "layer"), i(r, "head"), i(r, "sharedIn"), i(r, "sentences")));
            assertEquals(e.meanCosine(), d(r, "cosine"), 1e-6);
            assertEquals(e.meanJaccard(), d(r, "jaccard"), 1e-6);
        }
        List<Map<String, Object>> sentences = maps(row, "sentences");
        assertEquals(want.differing().size(), sentences.size());
        for (int k = 0; k < sentences.size(); k++) {
            SentenceDifference e = want.differing().get(k);
            assertEquals(e.sid(), sentences.get(k).get("sid"));
            assertEquals(e.meanCosine(), d(sentences.get(k), "meanCosine"), 1e-6);
            assertEquals(e.jaccard(), d(sentences.get(k), "jaccard"), 1e-9);
        }

        CorpusHeadImportance wantImportance = CorpusHeadImportance.of(ida, tau, importanceA, 2, 3);
        CorpusHeadImportance gotImportance = QueryGraph.queries().headImportance(ida, tau, null);
        assertEquals(wantImportance.sentences(), gotImportance.sentences());
        for (int k = 0; k < wantImportance.heads().size(); k++) {
            HeadScore e = wantImportance.heads().get(k),
                    g = gotImportance.heads().get(k);
            assertEquals(List.of(e.layer(), e.head(), e.sentences()), List.of(g.layer(), g.head(), g.sentences()));
            assertEquals(e.mean(), g.mean(), 1e-6);
        }
    }
}
