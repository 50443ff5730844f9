// analyst_cls_reaches_word — heads whose [CLS] trace reaches a word in more than half of the sentences containing it.
// For each sentence of the model containing the word piece $word, the backward [CLS] trace (all heads, L down to 0,
// threshold τ); a head "reaches" the word when it carries a trace edge that starts at the word (any layer). Returns
// the heads that do so in more than $share of those sentences.
//
// Parameters
//   $model     model id
//   $word      the word piece, as the tokenizer writes it (lower case for uncased models), e.g. 'not'
//   $tau       threshold τ in [floor, 1] (the model's Model.floor, 0.01 by default); outside it: no rows
//   $share     the fraction of sentences, e.g. 0.5
//
// The trace's nodes are the tokens whose stored [CLS] reach is above τ·scale (Token.clsReach, docs/DATA_MODEL.md): no
// trace is run. A store ingested before the reach was stored needs `attnflow backfill-reach --data-dir DIR` first
// (the query service refuses to run this file until then; run in Neo4j Browser it would return no rows).
//
// Plan: NodeIndexSeek Token(model, layer, text) (V005) for the word's layer-0 tokens, then per occurrence and layer
// the word's token by the unique key (NodeUniqueIndexSeek), kept when in the trace, and Expand(All) of its ATTENDS
// into trace nodes.
//
// Example
//   :param model => 'bge-small-en-v1.5';
//   :param word => 'not';
//   :param tau => 0.1;
//   :param share => 0.5;
MATCH (m:Model {id: $model})
WITH m, $tau * m.scale AS tq
WHERE m.floor <= $tau AND $tau <= 1
MATCH (w:Token {model: $model, layer: 0, text: $word})
WITH m, tq, w.sid AS sid, collect(w.pos) AS positions
WITH m, tq, collect([sid, positions]) AS sentences
UNWIND sentences AS sp
CALL {
  WITH m, tq, sp
  // the trace edges that start at the word: from its trace nodes (an edge above τ into a trace node puts its
  // source in the trace), out to trace nodes
  UNWIND sp[1] AS p
  UNWIND range(0, m.layers - 1) AS l
  MATCH (s:Token {model: $model, sid: sp[0], layer: l, pos: p})
    WHERE s.clsReach > tq
  MATCH (s)-[r:ATTENDS]->(t)
    WHERE r.max > tq AND t.clsReach > tq
  UNWIND [h IN range(0, m.heads - 1) WHERE r.q[h] > tq] AS h
  RETURN DISTINCT t.layer AS layer, h AS head
}
WITH size(sentences) AS total, layer, head, count(*) AS reaching
WHERE reaching > $share * total
RETURN layer, head, reaching, total, toFloat(reaching) / total AS share
ORDER BY share DESC, layer, head
