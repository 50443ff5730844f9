// rollout — T2 attention rollout (Abnar & Zuidema 2020): the [CLS] row of R_L, each input token's relevance, computed at
// ingest from the full matrices (Â_l = 0.5·mean_h A^l_h + 0.5·I, R_l = Â_l·R_{l-1}) and stored on the layer-0 tokens.
// Plan: NodeIndexSeek on the Token key (model, sid, layer = 0, pos ≥ 0).
//
// Parameters
//   $model     model id, e.g. 'bge-small-en-v1.5' (see `MATCH (m:Model) RETURN m.id`)
//   $sid       sentence id, SentenceInput.idOf(text, textB) (see `MATCH (s:Sentence) RETURN s.id, s.text`)
//
// Example
//   :param model => 'bge-small-en-v1.5';
//   :param sid => '0a1b2c3d4e5f6a7b';
MATCH (t:Token {model: $model, sid: $sid, layer: 0})
  WHERE t.pos >= 0
RETURN t.pos AS pos, t.text AS token, t.rollout AS rollout
ORDER BY pos
