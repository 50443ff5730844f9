// trace_backward — T1 backward trace: from start tokens at layer l0 (default [CLS] at the last layer) down to layer l1, following every selected head's attention above τ.
// Returns one row, columnar (one Bolt record is 1.3–2× faster than a record per edge):
//   nodeLayer, nodePos, nodeToken   every node of every frontier S_l, ordered by layer, pos
//   toLayer, toPos, fromPos, head, w one entry per ATTENDS relationship (fromPos @ toLayer-1) -> (toPos @ toLayer)
//                                    carrying trace edges: head[k] lists its heads in HS(toLayer) above τ and w[k]
//                                    their weights; (toLayer[k], toPos[k], fromPos[k], head[k][x], w[k][x]) is
//                                    every per-head edge of every E_l
// Node values (flow): node_values.cypher (the Java service computes them from these edges with
// io.attnflow.core.trace.TraceAssembler). Layer/token ranges are not checked here: out of range gives no rows.
// Guards: τ outside [floor, 1] gives no rows (the floor is the model's Model.floor, 0.01 unless ingested with
// --floor; the app checks τ before it runs the file and says why). Unknown model or sentence: no rows.
// Plan (PROFILE): NodeUniqueIndexSeek(start) -> VarLengthExpand(Pruning,BFS,All) against ATTENDS' direction
// (each frontier node reached once, paths never enumerated; `r.max > tq` prunes before the per-head test)
// -> Distinct -> Expand(All) of each frontier node's ATTENDS
//
// Parameters
//   $model     model id, e.g. 'bge-small-en-v1.5' (see `MATCH (m:Model) RETURN m.id`)
//   $sid       sentence id, SentenceInput.idOf(text, textB) (see `MATCH (s:Sentence) RETURN s.id, s.text`)
//   $tau       threshold τ in [floor, 1]: a per-head edge is kept when its stored weight q/10⁴ > τ
//   $fromLayer l0, the layer of the start tokens; null = L (the last layer)
//   $toLayer   l1, the layer where the trace stops; null = 0 (the input words)
//   $tokens    start positions at l0; [] = [CLS] (position 0)
//   $heads     HS(l) as a list indexed by layer: $heads[l] = heads followed in layer l; [] or a missing entry keeps all heads of that layer ([] = all heads everywhere)
//
// Example
//   :param model => 'bge-small-en-v1.5';
//   :param sid => '0a1b2c3d4e5f6a7b';
//   :param tau => 0.1;
//   :param fromLayer => null;
//   :param toLayer => null;
//   :param tokens => [];
//   :param heads => [];
// shared block frontier-backward: the same lines stand in trace_backward.cypher, node_values.cypher, token_influence.cypher, head_importance_trace.cypher (CatalogueBlocksTest keeps them identical)
MATCH (m:Model {id: $model})
MATCH (run:Run {model: $model, sid: $sid})
WITH m, run, coalesce($fromLayer, run.layers) AS l0, coalesce($toLayer, 0) AS l1, $tau * 10000 AS tq
WHERE m.floor <= $tau AND $tau <= 1
WITH run, l0, l1, tq,
     [l IN range(0, run.layers) |
       CASE WHEN size(coalesce($heads[l], [])) > 0 THEN $heads[l] ELSE range(0, run.heads - 1) END] AS hs
WITH run, l0, l1, tq, hs, [l IN range(0, run.layers) | size(hs[l]) = run.heads] AS full
UNWIND (CASE WHEN size($tokens) = 0 THEN [0] ELSE $tokens END) AS p
MATCH (start:Token {model: $model, sid: $sid, layer: l0, pos: p})
MATCH (start)<-[rs:ATTENDS*0..]-(t)
  WHERE all(r IN rs WHERE r.max > tq AND startNode(r).layer >= l1
                          AND (full[endNode(r).layer] OR any(h IN hs[endNode(r).layer] WHERE r.q[h] > tq)))
// end of shared block frontier-backward
WITH DISTINCT l1, tq, hs, t
ORDER BY t.layer, t.pos
WITH l1, tq, hs, collect(t) AS ts
CALL {
  WITH ts, l1, tq, hs
  UNWIND ts AS t
  MATCH (t)<-[r:ATTENDS]-(s)
    WHERE t.layer > l1 AND r.max > tq
  WITH *, s AS lo, t AS hi
  WITH lo, hi, [h IN hs[hi.layer] WHERE r.q[h] > tq | [h, r.q[h]]] AS hq
    WHERE size(hq) > 0
  RETURN collect(hi.layer) AS toLayer, collect(hi.pos) AS toPos, collect(lo.pos) AS fromPos,
         collect([x IN hq | x[0]]) AS head, collect([x IN hq | x[1] / 10000.0]) AS w
}
RETURN [t IN ts | t.layer] AS nodeLayer, [t IN ts | t.pos] AS nodePos, [t IN ts | t.text] AS nodeToken,
       toLayer, toPos, fromPos, head, w
