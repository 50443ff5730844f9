// trace — T1/T2 a trace and its numbers: backward (from start tokens at layer l0, default [CLS] at the last layer, down to layer l1) or forward (from l0, default 0, up to l1, default L), following every selected head's attention above τ.
// Returns one row, columnar (one Bolt record is 1.3–2× faster than a record per edge):
//   nodeLayer, nodePos, nodeToken   every node of every frontier S_l, ordered by layer, pos
//   nodeValue                        its node value (flow): v(start) = 1, then layer by layer in the trace's
//                                    direction v(next) = Σ over E_l of w · v(previous) / |HS(l)|
//   toLayer, toPos, fromPos, head, w one entry per ATTENDS relationship (fromPos @ toLayer-1) -> (toPos @ toLayer)
//                                    carrying trace edges: head[k] lists its heads in HS(toLayer) above τ and w[k]
//                                    their weights; (toLayer[k], toPos[k], fromPos[k], head[k][x], w[k][x]) is
//                                    every per-head edge of every E_l
//   influence                        token influence I(k) for each position k: Σ_l α^|l0 - l| · c_l(k), c_l(k) =
//                                    the number of per-head trace edges touching (k @ l)
//   headImportance                   per head with trace edges, most important first: {layer, head, importance =
//                                    the summed weight of its trace edges, edges = their number}
// The Java service runs this file with $quantities = false (nodeValue, influence, headImportance null) and computes
// the same numbers from the edges with io.attnflow.core.trace.TraceAssembler; tests hold the two equal.
// A trace's edges are the kept relationships between two of its nodes, whatever the direction, so one edge
// expansion serves both; only the frontier search differs (two branches of one subquery).
// Layer/token ranges are not checked here: out of range gives no rows.
// Guards: τ outside [floor, 1] gives no rows (the floor is the model's Model.floor, 0.01 unless ingested with
// --floor; the app checks τ before it runs the file and says why). Unknown model or sentence: no rows.
// Plan (PROFILE): NodeUniqueIndexSeek(start) -> VarLengthExpand(Pruning,BFS,All) against or along ATTENDS (each
// frontier node reached once, paths never enumerated; `r.max > tq` prunes before the per-head test)
// -> Distinct -> Expand(All) of each frontier node's incoming ATTENDS
//
// Parameters
//   $model      model id, e.g. 'bge-small-en-v1.5' (see `MATCH (m:Model) RETURN m.id`)
//   $sid        sentence id, SentenceInput.idOf(text, textB) (see `MATCH (s:Sentence) RETURN s.id, s.text`)
//   $tau        threshold τ in [floor, 1]: a per-head edge is kept when its stored weight q/Model.scale > τ
//   $direction  'backward' (or null) or 'forward'
//   $fromLayer  l0, the layer of the start tokens; null = L backward, 0 forward
//   $toLayer    l1, the layer where the trace stops; null = 0 backward, L forward
//   $tokens     start positions at l0; [] = [CLS] (position 0)
//   $heads      HS(l) as a list indexed by layer: $heads[l] = heads followed in layer l; [] or a missing entry keeps all heads of that layer ([] = all heads everywhere)
//   $alpha      decay α in (0, 1] of the influence; null = 0.5
//   $quantities false = only nodes and edges; null or true = also nodeValue, influence and headImportance
//
// Example
//   :param model => 'bge-small-en-v1.5';
//   :param sid => '0a1b2c3d4e5f6a7b';
//   :param tau => 0.1;
//   :param direction => 'backward';
//   :param fromLayer => null;
//   :param toLayer => null;
//   :param tokens => [];
//   :param heads => [];
//   :param alpha => 0.5;
//   :param quantities => true;
MATCH (m:Model {id: $model})
MATCH (run:Run {model: $model, sid: $sid})
WITH m, run, coalesce($direction, 'backward') = 'backward' AS back
WHERE m.floor <= $tau AND $tau <= 1 AND (back OR $direction = 'forward')
WITH run, back, m.scale AS scale, $tau * m.scale AS tq,
     coalesce($fromLayer, CASE WHEN back THEN run.layers ELSE 0 END) AS l0,
     coalesce($toLayer, CASE WHEN back THEN 0 ELSE run.layers END) AS l1
WITH run, back, scale, tq, l0, l1, CASE WHEN back THEN l1 ELSE l0 END AS bottom,
     CASE WHEN back THEN l0 ELSE l1 END AS top,
     [l IN range(0, run.layers) |
       CASE WHEN size(coalesce($heads[l], [])) > 0 THEN $heads[l] ELSE range(0, run.heads - 1) END] AS hs
WITH run, back, scale, tq, l0, l1, bottom, top, hs, [l IN range(0, run.layers) | size(hs[l]) = run.heads] AS full
UNWIND (CASE WHEN size($tokens) = 0 THEN [0] ELSE $tokens END) AS p
MATCH (start:Token {model: $model, sid: $sid, layer: l0, pos: p})
// the frontiers S_l: every node reached from a start through kept edges, each relationship within [bottom, top]
CALL (start, back, tq, bottom, top, hs, full) {
  WITH * WHERE back
  MATCH (start)<-[rs:ATTENDS*0..]-(t)
    WHERE all(r IN rs WHERE r.max > tq AND bottom <= startNode(r).layer AND endNode(r).layer <= top
                            AND (full[endNode(r).layer] OR any(h IN hs[endNode(r).layer] WHERE r.q[h] > tq)))
  RETURN DISTINCT t
  UNION
  WITH * WHERE NOT back
  MATCH (start)-[rs:ATTENDS*0..]->(t)
    WHERE all(r IN rs WHERE r.max > tq AND bottom <= startNode(r).layer AND endNode(r).layer <= top
                            AND (full[endNode(r).layer] OR any(h IN hs[endNode(r).layer] WHERE r.q[h] > tq)))
  RETURN DISTINCT t
}
WITH DISTINCT run, back, scale, tq, l0, l1, bottom, hs, t
ORDER BY t.layer, t.pos
WITH run, back, scale, tq, l0, l1, bottom, hs, collect(t) AS ts
WITH run, back, scale, tq, l0, l1, bottom, hs, ts, [l IN range(0, run.layers) | [t IN ts WHERE t.layer = l | t.pos]] AS at
// the edges E_l: kept relationships from a trace node (lo) into a trace node (hi)
CALL (ts, at, scale, tq, bottom, hs) {
  UNWIND ts AS hi
  MATCH (hi)<-[r:ATTENDS]-(lo)
    WHERE hi.layer > bottom AND r.max > tq AND lo.pos IN at[lo.layer]
  WITH lo, hi, [h IN hs[hi.layer] WHERE r.q[h] > tq | [h, toFloat(r.q[h]) / scale]] AS hw
    WHERE size(hw) > 0
  RETURN collect(hi.layer) AS toLayer, collect(hi.pos) AS toPos, collect(lo.pos) AS fromPos,
         collect([x IN hw | x[0]]) AS head, collect([x IN hw | x[1]]) AS w
}
WITH *, coalesce($quantities, true) AS q, coalesce($alpha, 0.5) AS alpha, range(0, size(toLayer) - 1) AS ks
// node values, stepping from l0 towards l1: e = [layer of E_l, position already valued, position reached, w / |HS(l)|]
WITH *, CASE WHEN NOT q THEN null ELSE [l IN range(0, run.layers) |
          [k IN ks WHERE toLayer[k] = l | CASE WHEN back THEN [toPos[k], fromPos[k]] ELSE [fromPos[k], toPos[k]] END
             + [reduce(s = 0.0, x IN w[k] | s + x) / size(hs[l])]]] END AS byLayer
WITH *, CASE WHEN NOT q THEN null ELSE reduce(v = [[p IN range(0, run.n - 1) | CASE WHEN p IN at[l0] THEN 1.0 ELSE 0.0 END]],
          step IN range(1, abs(l1 - l0)) | v + [[p IN range(0, run.n - 1) |
            reduce(x = 0.0, e IN byLayer[CASE WHEN back THEN l0 - step + 1 ELSE l0 + step END] |
              x + CASE WHEN e[1] = p THEN e[2] * v[-1][e[0]] ELSE 0.0 END)]]) END AS values
// every per-head edge touches (fromPos @ toLayer-1) and (toPos @ toLayer), each weighted α^|l0 - layer|
CALL (q, ks, toLayer, toPos, fromPos, head, l0, alpha) {
  WITH * WHERE q
  UNWIND ks AS k
  UNWIND range(0, size(head[k]) - 1) AS x
  UNWIND [[fromPos[k], toLayer[k] - 1], [toPos[k], toLayer[k]]] AS touch
  WITH touch[0] AS pos, sum(alpha ^ abs(l0 - touch[1])) AS i
  RETURN collect([pos, i]) AS byPos
}
CALL (q, ks, toLayer, head, w) {
  WITH * WHERE q
  UNWIND ks AS k
  UNWIND range(0, size(head[k]) - 1) AS x
  WITH toLayer[k] AS layer, head[k][x] AS h, sum(w[k][x]) AS importance, count(*) AS edges
  ORDER BY importance DESC, layer, h
  RETURN collect({layer: layer, head: h, importance: importance, edges: edges}) AS headImportance
}
RETURN [t IN ts | t.layer] AS nodeLayer, [t IN ts | t.pos] AS nodePos, [t IN ts | t.text] AS nodeToken,
       CASE WHEN q THEN [t IN ts | values[abs(t.layer - l0)][t.pos]] END AS nodeValue,
       toLayer, toPos, fromPos, head, w,
       CASE WHEN q THEN [p IN range(0, run.n - 1) |
         reduce(s = 0.0, x IN byPos | s + CASE WHEN x[0] = p THEN x[1] ELSE 0.0 END)] END AS influence,
       CASE WHEN q THEN headImportance END AS headImportance
