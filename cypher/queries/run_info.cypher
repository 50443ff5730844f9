// run_info — what the query service checks before a query: the model's floor, weight scale and shape, and the sentence's
// tokens, [CLS] rollout and attention flow (max-flow; an empty list when ingest did not compute it) (no row = unknown
// model; sentence null = not ingested for this model), and whether the model has a classifier head (Model.labels), i.e.
// whether its Runs can hold a prediction.
//
// Parameters
//   $model     model id
//   $sid       sentence id
//
// Plan: NodeUniqueIndexSeek(Model.id), NodeUniqueIndexSeek(Run(model, sid)), NodeUniqueIndexSeek per layer-0 token.
//
// Example
//   :param model => 'bge-small-en-v1.5';
//   :param sid => '0a1b2c3d4e5f6a7b';
MATCH (m:Model {id: $model})
OPTIONAL MATCH (run:Run {model: $model, sid: $sid})
OPTIONAL MATCH (s:Sentence {id: $sid})
CALL {
  WITH run
  UNWIND CASE WHEN run IS NULL THEN [] ELSE range(0, run.n - 1) END AS p
  MATCH (t:Token {model: $model, sid: $sid, layer: 0, pos: p})
  RETURN collect(t.text) AS tokens, collect(t.rollout) AS rollout, collect(t.attentionFlow) AS attentionFlow
}
RETURN m.floor AS floor, m.scale AS scale, m.layers AS layers, m.heads AS heads, run.n AS n, run.layers AS runLayers,
       run.heads AS runHeads, tokens, rollout, attentionFlow, s.text AS text, s.textB AS textB,
       m.labels IS NOT NULL AS classifier
