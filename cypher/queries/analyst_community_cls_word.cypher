// analyst_community_cls_word — which head communities send [CLS] to a word: for each Louvain community of the head
// graph, the mean attention its heads of $model give from [CLS] (at layer l) to the word piece $word (at layer l-1),
// over the sentences containing it, stored weights (below the floor counts 0). A question that joins the head graph
// with the stored attention, which no peer tool holds together.
//
// Parameters
//   $model     model id
//   $word      the word piece, as the tokenizer writes it, e.g. 'not'
//
// Plan: NodeIndexSeek Token(model, layer, text) (V005) for the word's layer-0 tokens, per head an index seek of the
// [CLS] token and Expand(Into) of its ATTENDS from the word.
//
// Example
//   :param model => 'bge-small-en-v1.5';
//   :param word => 'not';
MATCH (m:Model {id: $model})
  WHERE EXISTS { (h:Head {model: $model}) WHERE h.community IS NOT NULL }
MATCH (w:Token {model: $model, layer: 0, text: $word})
WITH toFloat(m.scale) AS scale, collect(DISTINCT [w.sid, w.pos]) AS occurrences
MATCH (h:Head {model: $model})
WHERE h.community IS NOT NULL
UNWIND occurrences AS o
OPTIONAL MATCH (:Token {model: $model, sid: o[0], layer: h.layer - 1, pos: o[1]})-[r:ATTENDS]->
               (:Token {model: $model, sid: o[0], layer: h.layer, pos: 0})
WITH h, scale, size(occurrences) AS occ, sum(coalesce(r.q[h.head], 0)) / scale AS total
WITH h.community AS community, occ, collect(h.layer + '-' + h.head) AS heads, avg(total / occ) AS meanAttention
RETURN community, size(heads) AS size, occ AS occurrences, meanAttention, heads
ORDER BY meanAttention DESC, community
