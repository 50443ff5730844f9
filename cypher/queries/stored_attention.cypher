// stored_attention — every stored ATTENDS relationship of one model on one sentence, columnar in one row: the
// stored matrices A^l_h (q = round(w·Model.scale), 0 below the floor) for comparisons computed client-side.
//
// Parameters
//   $model     model id
//   $sid       sentence id
//
// Returns layer[k], i[k] (attending token), j[k] (attended token), q[k] (int per head) for every relationship.
// Plan: NodeUniqueIndexSeek per (layer, pos) Token -> Expand(All) -> one EagerAggregation row.
//
// Example
//   :param model => 'bge-small-en-v1.5';
//   :param sid => '0a1b2c3d4e5f6a7b';
MATCH (run:Run {model: $model, sid: $sid})
UNWIND range(1, run.layers) AS l
UNWIND range(0, run.n - 1) AS i
MATCH (:Token {model: $model, sid: $sid, layer: l, pos: i})<-[r:ATTENDS]-(src)
RETURN collect(l) AS layer, collect(i) AS i, collect(src.pos) AS j, collect(r.q) AS q
