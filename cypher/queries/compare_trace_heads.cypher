// compare_trace_heads — T3 shared and unique heads: a head is shared when it carries edges of both models' backward [CLS] traces
// (from the last layer to 0, all heads, threshold τ) and unique when only one model's trace uses it.
// One row per head used by either trace: layer, head, inA, inB, status ('shared', 'onlyA', 'onlyB').
// Guards: τ below either model's floor (Model.floor, 0.01 unless ingested with --floor) or above 1, and models
// that tokenize the sentence differently, give no rows (the app checks both before it runs the file and says
// why). Unknown model or sentence: no rows.
// compare_layers.cypher runs this and compare_heads.cypher in one query, per layer.
// Plan: two backward traces as in trace_backward.cypher (VarLengthExpand(Pruning,BFS,All)), then a UNWIND.
//
// Parameters
//   $modelA    model A id
//   $modelB    model B id (same tokenizer as A)
//   $sid       sentence id, SentenceInput.idOf(text, textB) (see `MATCH (s:Sentence) RETURN s.id, s.text`)
//   $tau       threshold τ in [floor, 1]: a per-head edge is kept when its stored weight q/10⁴ > τ
//
// Example
//   :param modelA => 'bge-small-en-v1.5';
//   :param modelB => 'all-MiniLM-L6-v2';
//   :param sid => '0a1b2c3d4e5f6a7b';
//   :param tau => 0.1;
MATCH (ma:Model {id: $modelA}), (mb:Model {id: $modelB})
MATCH (ra:Run {model: $modelA, sid: $sid}), (rb:Run {model: $modelB, sid: $sid})
WITH ma, mb, ra, rb, $tau * 10000 AS tq
WHERE ma.floor <= $tau AND mb.floor <= $tau AND $tau <= 1 AND ra.n = rb.n
WITH tq
// shared block cls-traces: the same lines stand in compare_trace_heads.cypher, compare_layers.cypher (CatalogueBlocksTest keeps them identical)
CALL {
  WITH tq
  MATCH (run:Run {model: $modelA, sid: $sid})
  MATCH (start:Token {model: $modelA, sid: $sid, layer: run.layers, pos: 0})
  MATCH (start)<-[rs:ATTENDS*0..]-(t)
    WHERE all(r IN rs WHERE r.max > tq)
  WITH DISTINCT run, tq, t
  MATCH (t)<-[r:ATTENDS]-()
    WHERE t.layer > 0 AND r.max > tq
  UNWIND [h IN range(0, run.heads - 1) WHERE r.q[h] > tq] AS h
  WITH DISTINCT t.layer AS layer, h
  RETURN collect([layer, h]) AS usedA
}
CALL {
  WITH tq
  MATCH (run:Run {model: $modelB, sid: $sid})
  MATCH (start:Token {model: $modelB, sid: $sid, layer: run.layers, pos: 0})
  MATCH (start)<-[rs:ATTENDS*0..]-(t)
    WHERE all(r IN rs WHERE r.max > tq)
  WITH DISTINCT run, tq, t
  MATCH (t)<-[r:ATTENDS]-()
    WHERE t.layer > 0 AND r.max > tq
  UNWIND [h IN range(0, run.heads - 1) WHERE r.q[h] > tq] AS h
  WITH DISTINCT t.layer AS layer, h
  RETURN collect([layer, h]) AS usedB
}
// end of shared block cls-traces
UNWIND usedA + [x IN usedB WHERE NOT x IN usedA] AS lh
WITH lh[0] AS layer, lh[1] AS head, lh IN usedA AS inA, lh IN usedB AS inB
RETURN layer, head, inA, inB, CASE WHEN inA AND inB THEN 'shared' WHEN inA THEN 'onlyA' ELSE 'onlyB' END AS status
ORDER BY layer, head
