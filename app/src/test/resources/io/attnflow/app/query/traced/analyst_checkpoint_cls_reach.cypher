// analyst_checkpoint_cls_reach — how far the [CLS] trace reaches, across a base model and every fine-tune state
// linked to it by FINE_TUNED_FROM, in training order. Per model and sentence, the backward [CLS] trace (all heads,
// layer L down to 0, threshold τ); its reach is the share of the input tokens (layer 0) it arrives at. Returns one
// row per model: the base first (step null), then its checkpoints and final model by step, with the mean reach and
// the mean number of trace nodes over the model's sentences.
//
// Parameters
//   $model     the base model id, e.g. 'all-minilm-l6-v2' (see `MATCH (m)-[:FINE_TUNED_FROM]->(b) RETURN b.id, m.id`)
//   $tau       threshold τ in [floor, 1]; a model whose Model.floor is above τ is left out (its trace would not be exact)
//
// Plan: NodeUniqueIndexSeek(Model.id), Expand(FINE_TUNED_FROM), NodeIndexSeek(Run.model) per model, then per
// sentence the backward frontier of trace.cypher: NodeUniqueIndexSeek(start) -> VarLengthExpand(Pruning,BFS,All).
//
// Example
//   :param model => 'all-minilm-l6-v2';
//   :param tau => 0.1;
MATCH (b:Model {id: $model})
OPTIONAL MATCH (f:Model)-[ft:FINE_TUNED_FROM]->(b)
WITH b, [x IN collect([f, ft.step]) WHERE x[0] IS NOT NULL] AS tuned
UNWIND [[b, null]] + tuned AS member
WITH member[0] AS m, member[1] AS step, $tau * member[0].scale AS tq
WHERE m.floor <= $tau AND $tau <= 1
MATCH (run:Run {model: m.id})
CALL {
  WITH run, tq
  MATCH (start:Token {model: run.model, sid: run.sid, layer: run.layers, pos: 0})
  MATCH (start)<-[rs:ATTENDS*0..]-(t)
    WHERE all(r IN rs WHERE r.max > tq)
  WITH DISTINCT t
  RETURN count(t) AS nodes, count(CASE WHEN t.layer = 0 THEN 1 END) AS reached
}
WITH m.id AS model, step, nodes, toFloat(reached) / run.n AS reach
RETURN model, step, count(*) AS sentences, avg(reach) AS meanReach, avg(nodes) AS meanNodes
ORDER BY coalesce(step, -1), model
