// attention_flow — T2 attention flow (max-flow) (Abnar & Zuidema 2020; not the trace's node value): for each input
// token j, the maximum flow from [CLS] at the last layer to j at layer 0 through the attention graph with capacities
// Â_l[i, j] (Â_l = 0.5·mean_h A^l_h + 0.5·I, rows renormalised), divided by the sum over the input tokens. Computed
// at ingest from the full matrices by core's AttentionFlow (JGraphT) and stored on the layer-0 tokens next to rollout;
// null for a sentence longer than the ingest bound (--attention-flow-max-tokens, docs/ATTENTION_FLOW.md).
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
RETURN t.pos AS pos, t.text AS token, t.attentionFlow AS attentionFlow, t.rollout AS rollout
ORDER BY pos
