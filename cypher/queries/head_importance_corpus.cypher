// head_importance_corpus — T2 head importance over a corpus: for each head, the mean over the model's sentences of its importance in the
// sentence's backward [CLS] trace (all heads, from layer L to 0), and the number of sentences whose trace uses it.
// Heads no trace uses are left out (mean 0, sentences 0). analyst_pair_cross_heads.cypher sums the same trace
// edges, only those crossing between the two sentences of a pair.
// Guards: τ outside [floor, 1] gives no rows, as in trace.cypher, whose [CLS] trace with all heads this runs per sentence.
// Plan: per Run, NodeUniqueIndexSeek([CLS] @ L) -> VarLengthExpand(Pruning,BFS,All) -> Distinct -> Expand(All);
// EagerAggregation per head. One trace per sentence: seconds on thousands of sentences.
//
// Parameters
//   $model     model id, e.g. 'bge-small-en-v1.5' (see `MATCH (m:Model) RETURN m.id`)
//   $tau       threshold τ in [floor, 1]: a per-head edge is kept when its stored weight q/Model.scale > τ
//   $corpus    restrict to Sentence.corpus = $corpus; null = every sentence
//
// Example
//   :param model => 'bge-small-en-v1.5';
//   :param tau => 0.1;
//   :param corpus => null;
MATCH (m:Model {id: $model})
WITH m, m.scale AS scale, $tau * m.scale AS tq
WHERE m.floor <= $tau AND $tau <= 1
MATCH (run:Run {model: $model})-[:OF]->(s:Sentence)
  WHERE $corpus IS NULL OR s.corpus = $corpus
WITH scale, tq, collect(run) AS runs
WITH scale, tq, runs, size(runs) AS total
UNWIND runs AS run
CALL {
  WITH run, scale, tq
  MATCH (start:Token {model: run.model, sid: run.sid, layer: run.layers, pos: 0})
  MATCH (start)<-[rs:ATTENDS*0..]-(t)
    WHERE all(r IN rs WHERE r.max > tq)
  WITH DISTINCT run, scale, tq, t
  MATCH (t)<-[r:ATTENDS]-(s)
    WHERE t.layer > 0 AND r.max > tq
  UNWIND [h IN range(0, run.heads - 1) WHERE r.q[h] > tq] AS h
  RETURN t.layer AS layer, h AS head, sum(toFloat(r.q[h]) / scale) AS importance
}
WITH layer, head, total, sum(importance) AS importance, count(*) AS sentences
RETURN layer, head, importance / total AS mean, sentences
ORDER BY mean DESC, layer, head
