// node_values_forward — T2 node values (flow) of a forward trace: one row per trace node (layer, pos, token, value).
// v(start) = 1; v(i @ l) = Σ over E_l edges j -> i of w · v(j @ l-1) / |HS(l)|.
// The same trace as trace_forward.cypher; the per-layer propagation runs in a reduce() over the layers, so it is
// O(n · edges): fine for a sentence, the Java service does the same sum in TraceAssembler.
// Guards: τ outside [floor, 1] gives no rows (the floor is the model's Model.floor, 0.01 unless ingested with
// --floor; the app checks τ before it runs the file and says why). Unknown model or sentence: no rows.
// Plan (PROFILE): NodeUniqueIndexSeek(start) -> VarLengthExpand(Pruning,BFS,All) along ATTENDS (each frontier
// node reached once, paths never enumerated; `r.max > tq` prunes before the per-head test) -> Distinct
// -> Expand(All) of each frontier node's ATTENDS
//
// Parameters
//   $model     model id, e.g. 'bge-small-en-v1.5' (see `MATCH (m:Model) RETURN m.id`)
//   $sid       sentence id, SentenceInput.idOf(text, textB) (see `MATCH (s:Sentence) RETURN s.id, s.text`)
//   $tau       threshold τ in [floor, 1]: a per-head edge is kept when its stored weight q/10⁴ > τ
//   $fromLayer l0, the layer of the start tokens; null = 0 (the input words)
//   $toLayer   l1, the layer where the trace stops; null = L (the last layer)
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
// shared block frontier-forward: the same lines stand in trace_forward.cypher, node_values_forward.cypher (CatalogueBlocksTest keeps them identical)
MATCH (m:Model {id: $model})
MATCH (run:Run {model: $model, sid: $sid})
WITH m, run, coalesce($fromLayer, 0) AS l0, coalesce($toLayer, run.layers) AS l1, $tau * 10000 AS tq
WHERE m.floor <= $tau AND $tau <= 1
WITH run, l0, l1, tq,
     [l IN range(0, run.layers) |
       CASE WHEN size(coalesce($heads[l], [])) > 0 THEN $heads[l] ELSE range(0, run.heads - 1) END] AS hs
WITH run, l0, l1, tq, hs, [l IN range(0, run.layers) | size(hs[l]) = run.heads] AS full
UNWIND (CASE WHEN size($tokens) = 0 THEN [0] ELSE $tokens END) AS p
MATCH (start:Token {model: $model, sid: $sid, layer: l0, pos: p})
MATCH (start)-[rs:ATTENDS*0..]->(t)
  WHERE all(r IN rs WHERE r.max > tq AND endNode(r).layer <= l1
                          AND (full[endNode(r).layer] OR any(h IN hs[endNode(r).layer] WHERE r.q[h] > tq)))
// end of shared block frontier-forward
WITH DISTINCT run, l0, l1, tq, hs, t
WITH run.n AS n, run.layers AS layers, l0, l1, tq, hs, collect(t) AS ts
CALL {
  WITH ts, l1, tq, hs
  UNWIND ts AS t
  MATCH (t)-[r:ATTENDS]->(s)
    WHERE t.layer < l1 AND r.max > tq
  WITH *, t AS lo, s AS hi
  WITH lo, hi, hs, reduce(x = 0, h IN hs[hi.layer] | x + CASE WHEN r.q[h] > tq THEN r.q[h] ELSE 0 END) AS qsum
    WHERE qsum > 0
  RETURN collect([hi.layer, hi.pos, lo.pos, qsum / 10000.0 / size(hs[hi.layer])]) AS rels
}
WITH n, l0, l1, ts, [l IN range(0, layers) | [e IN rels WHERE e[0] = l]] AS byLayer,
     [t IN ts WHERE t.layer = l0 | t.pos] AS starts
WITH l0, ts, reduce(v = [[p IN range(0, n - 1) | CASE WHEN p IN starts THEN 1.0 ELSE 0.0 END]],
                    l IN range(l0 + 1, l1) | v + [[i IN range(0, n - 1) | reduce(x = 0.0, e IN byLayer[l] | x + CASE WHEN e[1] = i THEN e[3] * v[-1][e[2]] ELSE 0.0 END)]]) AS values
UNWIND ts AS t
RETURN t.layer AS layer, t.pos AS pos, t.text AS token, values[t.layer - l0][t.pos] AS value
ORDER BY layer, pos
