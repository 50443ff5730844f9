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
// Plan: NodeIndexSeek Token(model, layer, text) (V005) for the word's layer-0 tokens, then per sentence the trace
// frontier of trace.cypher (VarLengthExpand(Pruning,BFS,All)) and Expand(All) of the word's trace nodes' ATTENDS.
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
WITH tq, w.sid AS sid, collect(w.pos) AS positions
WITH tq, collect([sid, positions]) AS sentences
UNWIND sentences AS sp
CALL {
  WITH tq, sp
  MATCH (run:Run {model: $model, sid: sp[0]})
  MATCH (start:Token {model: $model, sid: sp[0], layer: run.layers, pos: 0})
  MATCH (start)<-[rs:ATTENDS*0..]-(t)
    WHERE all(r IN rs WHERE r.max > tq)
  WITH run, tq, sp, collect(DISTINCT t) AS trace
  // the trace edges that start at the word: from its trace nodes, out to trace nodes
  UNWIND [x IN trace WHERE x.pos IN sp[1]] AS s
  MATCH (s)-[r:ATTENDS]->(t)
    WHERE r.max > tq AND t IN trace
  UNWIND [h IN range(0, run.heads - 1) WHERE r.q[h] > tq] AS h
  RETURN DISTINCT t.layer AS layer, h AS head
}
WITH size(sentences) AS total, layer, head, count(*) AS reaching
WHERE reaching > $share * total
RETURN layer, head, reaching, total, toFloat(reaching) / total AS share
ORDER BY share DESC, layer, head
