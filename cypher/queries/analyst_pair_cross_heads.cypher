// analyst_pair_cross_heads — for sentence pairs ([CLS] A [SEP] B [SEP]: entailment, question-answer, paraphrase),
// the heads whose [CLS] trace edges cross between the two sentences most: per head, the mean over the model's
// pairs of the summed weight of backward [CLS] trace edges (threshold τ) from a token of one sentence to a token of
// the other (token type 0 ↔ 1, special tokens excluded).
//
// Parameters
//   $model     model id
//   $tau       threshold τ in [floor, 1] (the model's Model.floor, 0.01 by default); outside it: no rows
//   $limit     how many heads
//
// The same per-sentence trace sum as head_importance_corpus.cypher, restricted to pairs and to crossing edges.
// Plan: per pair Run, the [CLS] trace of trace.cypher with all heads (VarLengthExpand(Pruning,BFS,All) + Expand(All)), then
// EagerAggregation per head.
//
// Example
//   :param model => 'bge-small-en-v1.5';
//   :param tau => 0.1;
//   :param limit => 10;
MATCH (m:Model {id: $model})
WITH m, m.scale AS scale, $tau * m.scale AS tq
WHERE m.floor <= $tau AND $tau <= 1
MATCH (run:Run {model: $model})-[:OF]->(s:Sentence)
  WHERE s.textB IS NOT NULL
WITH scale, tq, collect(run) AS runs
WITH scale, tq, runs, size(runs) AS total
UNWIND runs AS run
CALL {
  WITH scale, tq, run
  MATCH (start:Token {model: run.model, sid: run.sid, layer: run.layers, pos: 0})
  MATCH (start)<-[rs:ATTENDS*0..]-(t)
    WHERE all(r IN rs WHERE r.max > tq)
  WITH DISTINCT run, scale, tq, t
  MATCH (t)<-[r:ATTENDS]-(src)
    WHERE t.layer > 0 AND r.max > tq AND NOT t.special AND NOT src.special AND t.type <> src.type
  UNWIND [h IN range(0, run.heads - 1) WHERE r.q[h] > tq] AS h
  RETURN t.layer AS layer, h AS head, sum(toFloat(r.q[h]) / scale) AS cross, count(*) AS edges
}
WITH layer, head, total, sum(cross) AS cross, sum(edges) AS crossEdges, count(*) AS pairsUsing
RETURN layer, head, cross / total AS meanCrossWeight, crossEdges, pairsUsing, total AS pairs
ORDER BY meanCrossWeight DESC, layer, head
LIMIT $limit
