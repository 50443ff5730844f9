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
// A head carries a trace edge iff its stored [CLS] reach is above τ·scale (HeadStat.clsReach, docs/DATA_MODEL.md): no
// trace is run. A store ingested before the reach was stored needs `attnflow backfill-reach --data-dir DIR` first
// (the query service refuses to run this file until then; run in Neo4j Browser it would return no rows).
//
// Plan: per head, a count from a NodeIndexSeek of HeadStat(model, layer, head, clsReach, sid) (V006) by range, and a
// NodeIndexSeek of HeadStat(model, sid, layer, head) (V005) per $label sentence.
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
WITH m, tq, count(run) AS runs, collect(CASE WHEN coalesce(s.label, '') = $label THEN run.sid END) AS labelled
WITH m, tq, labelled, size(labelled) AS nLabel, runs - size(labelled) AS nOther
UNWIND range(1, m.layers) AS layer
UNWIND range(0, m.heads - 1) AS head
CALL {
  WITH tq, layer, head
  MATCH (st:HeadStat {model: $model, layer: layer, head: head})
    USING INDEX st:HeadStat(model, layer, head, clsReach, sid)
    WHERE st.clsReach > tq AND st.sid IS NOT NULL  // always true: lets the index serve the range
  RETURN count(st) AS used
}
CALL {
  WITH tq, layer, head, labelled
  UNWIND labelled AS sid
  MATCH (st:HeadStat {model: $model, sid: sid, layer: layer, head: head})
    WHERE st.clsReach > tq
  RETURN count(st) AS inLabel
}
WITH nLabel, nOther, layer, head, inLabel, used - inLabel AS inOther
  WHERE used > 0
WITH layer, head, inLabel, inOther,
     CASE WHEN nLabel = 0 THEN 0.0 ELSE toFloat(inLabel) / nLabel END AS labelShare,
     CASE WHEN nOther = 0 THEN 0.0 ELSE toFloat(inOther) / nOther END AS otherShare
RETURN layer, head, labelShare, otherShare, labelShare - otherShare AS difference
ORDER BY difference DESC, layer, head
LIMIT $limit
