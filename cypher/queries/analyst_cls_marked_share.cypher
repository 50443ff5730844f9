// analyst_cls_marked_share — does fine-tuning route [CLS] toward the error? For two models (e.g. a base and its
// fine-tune) over the sentences both hold that have tokens marked as the corpus's error span (Token.marked), the
// share of the backward [CLS] trace's flow at the input that lands on the marked tokens. Per model and sentence:
// the node values v(k @ 0) of the trace from [CLS] at L (all heads, threshold τ; v as in trace.cypher's nodeValue);
// share = Σ over marked k of v(k @ 0) / Σ over all k of v(k @ 0), and wordShare the same over the non-special
// tokens only. chance is the share the marked tokens would get if the flow spread evenly over the words
// (marked / words). One row per model, A first; a sentence whose trace reaches no input token counts in neither mean.
//
// Parameters
//   $modelA    model A id, e.g. the base 'all-minilm-l6-v2'
//   $modelB    model B id, e.g. its fine-tune 'lt-minilm@final'
//   $tau       threshold τ in [floor, 1] of both models (Model.floor, 0.01 by default); outside it: no rows
//
// The trace's nodes are the tokens whose stored [CLS] reach is above τ·scale (Token.clsReach, docs/DATA_MODEL.md), so
// only their ATTENDS are read. A store ingested before the reach was stored needs `attnflow backfill-reach --data-dir
// DIR` first (the query service refuses to run this file until then; run in Neo4j Browser it would return no rows).
//
// Plan: NodeIndexSeek(Run.model) -> Expand(OF) twice, the layer-0 tokens by the unique Token key (NodeUniqueIndexSeek),
// then per run the trace nodes by a NodeIndexSeek of Token(model, sid, clsReach, layer) (V006) by range and one
// Expand(All) of each trace node's ATTENDS; the trace edges are grouped by (layer, position) into a dense list, so
// each layer's node values cost one pass over its edges (not one pass per position). Reading the edges is most of
// the time: on the 10k store at τ 0.05, 3.8M ATTENDS expanded, 2.8M of them above τ with their q read
// (BENCHMARKS.md, "Issue 12: the analyst queries, session 7").
//
// Example
//   :param modelA => 'all-minilm-l6-v2';
//   :param modelB => 'lt-minilm@final';
//   :param tau => 0.05;
MATCH (ma:Model {id: $modelA}), (mb:Model {id: $modelB})
WHERE ma.floor <= $tau AND mb.floor <= $tau AND $tau <= 1
MATCH (ra:Run {model: $modelA})-[:OF]->(s:Sentence)<-[:OF]-(rb:Run {model: $modelB})
  WHERE ra.n = rb.n
CALL {
  WITH s, ra
  UNWIND range(0, ra.n - 1) AS p
  MATCH (w:Token {model: $modelA, sid: s.id, layer: 0, pos: p})
    WHERE NOT w.special
  RETURN count(w) AS words, count(CASE WHEN w.marked THEN 1 END) AS marked
}
WITH s, words, marked, [[ra, ma.scale], [rb, mb.scale]] AS runs
WHERE marked > 0
UNWIND runs AS x
WITH s, words, marked, x[0] AS run, toFloat(x[1]) AS scale, $tau * x[1] AS tq
CALL {
  WITH run, tq, scale
  MATCH (t:Token {model: run.model, sid: run.sid})
    WHERE t.clsReach > tq AND t.layer IS NOT NULL  // always true: lets the index serve the range
  WITH run, tq, scale, collect(t) AS ts
  CALL {
    WITH run, ts, tq, scale
    CALL {
      WITH ts, tq, scale
      UNWIND ts AS t
      MATCH (t)<-[r:ATTENDS]-(lo)
        WHERE t.layer > 0 AND r.max > tq
      RETURN t.layer AS l, lo.pos AS j,
             [t.pos, reduce(x = 0, q IN r.q | x + CASE WHEN q > tq THEN q ELSE 0 END) / scale] AS e
      UNION ALL
      WITH run  // every (layer, position), so that the groups below form a dense list
      UNWIND range(1, run.layers) AS l
      UNWIND range(0, run.n - 1) AS j
      RETURN l, j, null AS e
    }
    WITH l, j, collect(e) AS es
    ORDER BY l, j
    WITH l, collect(es) AS byPos
    ORDER BY l
    RETURN collect(byPos) AS edgesInto  // edgesInto[l - 1][j]: the trace edges from layer l into position j at l - 1
  }
  WITH run, ts,
       reduce(v = [[p IN range(0, run.n - 1) | CASE WHEN p = 0 THEN 1.0 ELSE 0.0 END]],
              l IN range(run.layers, 1, -1) |
                v + [[j IN range(0, run.n - 1) |
                      reduce(x = 0.0, e IN edgesInto[l - 1][j] | x + e[1] * v[-1][e[0]] / run.heads)]])[run.layers] AS input
  WITH input, [t IN ts WHERE t.layer = 0 AND t.marked | t.pos] AS hit,
       [t IN ts WHERE t.layer = 0 AND NOT t.special | t.pos] AS wordsHit
  WITH reduce(x = 0.0, p IN hit | x + input[p]) AS onMarked, reduce(x = 0.0, v IN input | x + v) AS total,
       reduce(x = 0.0, p IN wordsHit | x + input[p]) AS onWords
  RETURN CASE WHEN total > 0 THEN onMarked / total END AS share,
         CASE WHEN onWords > 0 THEN onMarked / onWords END AS wordShare
}
WITH run.model AS model, share, wordShare, toFloat(marked) / words AS chance
RETURN model, count(share) AS sentences, avg(share) AS meanShare, avg(wordShare) AS meanWordShare,
       avg(chance) AS chance
ORDER BY CASE model WHEN $modelA THEN 0 ELSE 1 END
