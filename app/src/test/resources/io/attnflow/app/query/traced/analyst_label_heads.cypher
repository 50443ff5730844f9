// analyst_label_heads — heads that the [CLS] trace uses more often in sentences with one gold label than in the
// rest, e.g. negation sentences: per head, the share of $label sentences whose backward [CLS] trace (all heads,
// threshold τ) uses the head, minus the same share over the other sentences of the model.
//
// Parameters
//   $model     model id
//   $label     a Sentence.label, e.g. 'negation'
//   $tau       threshold τ in [floor, 1] (the model's Model.floor, 0.01 by default); outside it: no rows
//   $limit     how many heads
//
// Plan: per Run, the [CLS] trace of trace.cypher with all heads (VarLengthExpand(Pruning,BFS,All) + Expand(All)), then
// EagerAggregation per head.
//
// Example
//   :param model => 'bge-small-en-v1.5';
//   :param label => 'negation';
//   :param tau => 0.3;
//   :param limit => 10;
MATCH (m:Model {id: $model})
WITH m, $tau * m.scale AS tq
WHERE m.floor <= $tau AND $tau <= 1
MATCH (run:Run {model: $model})-[:OF]->(s:Sentence)
WITH tq, run, coalesce(s.label, '') = $label AS labelled
WITH tq, collect([run, labelled]) AS runs
WITH tq, runs, size([x IN runs WHERE x[1]]) AS nLabel, size([x IN runs WHERE NOT x[1]]) AS nOther
UNWIND runs AS x
CALL {
  WITH tq, x
  WITH tq, x[0] AS run
  MATCH (start:Token {model: run.model, sid: run.sid, layer: run.layers, pos: 0})
  MATCH (start)<-[rs:ATTENDS*0..]-(t)
    WHERE all(r IN rs WHERE r.max > tq)
  WITH DISTINCT run, tq, t
  MATCH (t)<-[r:ATTENDS]-()
    WHERE t.layer > 0 AND r.max > tq
  UNWIND [h IN range(0, run.heads - 1) WHERE r.q[h] > tq] AS h
  RETURN DISTINCT t.layer AS layer, h AS head
}
WITH nLabel, nOther, layer, head, count(CASE WHEN x[1] THEN 1 END) AS inLabel, count(CASE WHEN NOT x[1] THEN 1 END) AS inOther
WITH layer, head, inLabel, inOther,
     CASE WHEN nLabel = 0 THEN 0.0 ELSE toFloat(inLabel) / nLabel END AS labelShare,
     CASE WHEN nOther = 0 THEN 0.0 ELSE toFloat(inOther) / nOther END AS otherShare
RETURN layer, head, labelShare, otherShare, labelShare - otherShare AS difference
ORDER BY difference DESC, layer, head
LIMIT $limit
