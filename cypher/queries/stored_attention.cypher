// stored_attention — the stored ATTENDS relationships of one model on one sentence, columnar in one row: the
// stored matrices A^l_h (q = round(w·Model.scale), 0 below the floor) for the numbers the Java service computes in
// core (the trace with MatrixTrace, compare with MatrixComparison). $tau keeps only the relationships that can carry
// a trace edge at τ (r.max > τ·scale: every other entry fails q > τ·scale in every head, so a trace on what is
// left equals the trace on the full matrices); $fromLayer..$toLayer keeps those layers.
//
// Parameters
//   $model     model id
//   $sid       sentence id
//   $tau       null = every stored relationship; else only those with r.max > $tau * Model.scale
//   $fromLayer the lowest attention layer read (null = 1)
//   $toLayer   the highest attention layer read (null = L)
//
// Returns layer[k], i[k] (attending token), j[k] (attended token), q[k] (int per head) for every relationship.
// Plan: NodeUniqueIndexSeek per (layer, pos) Token -> Expand(All) -> Filter -> one EagerAggregation row.
//
// Example
//   :param model => 'bge-small-en-v1.5';
//   :param sid => '0a1b2c3d4e5f6a7b';
//   :param tau => null;
//   :param fromLayer => null;
//   :param toLayer => null;
MATCH (m:Model {id: $model})
MATCH (run:Run {model: $model, sid: $sid})
WITH run, CASE WHEN $tau IS NULL THEN -1 ELSE $tau * m.scale END AS tq
UNWIND range(coalesce($fromLayer, 1), coalesce($toLayer, run.layers)) AS l
UNWIND range(0, run.n - 1) AS i
MATCH (:Token {model: $model, sid: $sid, layer: l, pos: i})<-[r:ATTENDS]-(src)
WHERE r.max > tq
RETURN collect(l) AS layer, collect(i) AS i, collect(src.pos) AS j, collect(r.q) AS q
