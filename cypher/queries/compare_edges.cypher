// compare_edges — T3 the per-head edges above τ of two models on one sentence, each marked shared / onlyA / onlyB, with both
// stored weights (0 below the floor). Optionally one layer and/or one head. The edge sets whose sizes
// compare.cypher counts per head.
// Guards: τ below either model's floor (Model.floor, 0.01 unless ingested with --floor) or above 1, and models
// that tokenize the sentence differently, give no rows (the app checks both before it runs the file and says
// why). Unknown model or sentence: no rows.
// Plan: NodeUniqueIndexSeek per (layer, pos) Token of each model -> Expand(All) -> EagerAggregation on
// (layer, i, j), then one row per per-head edge.
//
// Parameters
//   $modelA    model A id
//   $modelB    model B id (same tokenizer as A)
//   $sid       sentence id, SentenceInput.idOf(text, textB) (see `MATCH (s:Sentence) RETURN s.id, s.text`)
//   $tau       threshold τ in [floor, 1]: a per-head edge is kept when its stored weight q/Model.scale > τ
//   $layer     only this layer (1..L), or null
//   $head      only this head (0-based), or null
//
// Example
//   :param modelA => 'bge-small-en-v1.5';
//   :param modelB => 'all-MiniLM-L6-v2';
//   :param sid => '0a1b2c3d4e5f6a7b';
//   :param tau => 0.1;
//   :param layer => null;
//   :param head => null;
MATCH (ma:Model {id: $modelA}), (mb:Model {id: $modelB})
MATCH (ra:Run {model: $modelA, sid: $sid}), (rb:Run {model: $modelB, sid: $sid})
  WHERE ma.floor <= $tau AND mb.floor <= $tau AND $tau <= 1 AND ra.n = rb.n
WITH ra.n AS n, CASE WHEN ra.layers < rb.layers THEN ra.layers ELSE rb.layers END AS L,
     CASE WHEN ra.heads < rb.heads THEN ra.heads ELSE rb.heads END AS H,
     toFloat(ma.scale) AS sa, toFloat(mb.scale) AS sb, $tau * ma.scale AS ta, $tau * mb.scale AS tb
UNWIND [x IN range(1, L) WHERE $layer IS NULL OR x = $layer] AS l
UNWIND range(0, n - 1) AS i
CALL (l, i) {
  UNWIND [[0, $modelA], [1, $modelB]] AS side
  MATCH (:Token {model: side[1], sid: $sid, layer: l, pos: i})<-[r:ATTENDS]-(src)
  RETURN src.pos AS j, CASE WHEN side[0] = 0 THEN r.q END AS qa, CASE WHEN side[0] = 1 THEN r.q END AS qb
}
WITH H, sa, sb, ta, tb, l, i, j, head(collect(qa)) AS qa, head(collect(qb)) AS qb
UNWIND [h IN range(0, H - 1) WHERE ($head IS NULL OR h = $head) AND (qa[h] > ta OR qb[h] > tb)] AS h
WITH l, h, i, j, coalesce(qa[h], 0) AS x, coalesce(qb[h], 0) AS y, sa, sb, ta, tb
RETURN l AS layer, h AS head, j AS fromPos, i AS toPos, x / sa AS wA, y / sb AS wB,
       CASE WHEN x > ta AND y > tb THEN 'shared' WHEN x > ta THEN 'onlyA' ELSE 'onlyB' END AS side
ORDER BY layer, head, toPos, fromPos
