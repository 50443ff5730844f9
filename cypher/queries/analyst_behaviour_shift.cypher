// analyst_behaviour_shift — the heads whose behaviour (Clark et al. metrics) changed most between two models, over
// the sentences ingested for both: per head, the mean absolute difference of attention to [CLS], [SEP],
// punctuation, self, previous and next token (summed), and of the row entropy.
//
// Parameters
//   $modelA    model A id
//   $modelB    model B id
//   $limit     how many heads
//
// Plan: the common sentences from the model with fewer runs: NodeIndexSeek Run(model), then a NodeUniqueIndexSeek of
// the other model's Run by (model, sid); per common sentence one NodeIndexSeek of B's HeadStat(model, sid, layer,
// head) (V005), its L·H stats sorted by (layer, head) into a list, and one of A's HeadStat(model, sid); each A stat
// takes its B partner from the list at (layer - 1)·H + head (a Run's head stats are complete, docs/DATA_MODEL.md;
// the layer and head are checked, so models of other shapes pair only equal heads), then EagerAggregation per head.
// Two seeks per sentence instead of one per head-stat pair (1,828 × 144 on the 10k store): half the time there.
//
// Example
//   :param modelA => 'bge-small-en';
//   :param modelB => 'bge-small-en-v1.5';
//   :param limit => 10;
MATCH (ra:Run {model: $modelA})
WITH count(ra) AS na
MATCH (rb:Run {model: $modelB})
WITH na, count(rb) AS nb
WITH CASE WHEN na <= nb THEN [$modelA, $modelB] ELSE [$modelB, $modelA] END AS pair
MATCH (r:Run {model: pair[0]})
MATCH (:Run {model: pair[1], sid: r.sid})
WITH DISTINCT r.sid AS sid
MATCH (mb:Model {id: $modelB})
CALL {
  WITH sid
  MATCH (b:HeadStat {model: $modelB, sid: sid})
    USING INDEX b:HeadStat(model, sid, layer, head)
    WHERE b.layer IS NOT NULL AND b.head IS NOT NULL
  WITH b ORDER BY b.layer, b.head
  RETURN collect(b) AS bs  // bs[(layer - 1) * H + head]
}
MATCH (a:HeadStat {model: $modelA, sid: sid})
WITH a, bs[(a.layer - 1) * mb.heads + a.head] AS b
  WHERE b.layer = a.layer AND b.head = a.head
WITH a.layer AS layer, a.head AS head,
     abs(a.cls - b.cls) + abs(a.sep - b.sep) + abs(a.punct - b.punct) + abs(a.self - b.self)
       + abs(a.prev - b.prev) + abs(a.next - b.next) AS shift,
     abs(a.entropy - b.entropy) AS entropyShift,
     a.sep - b.sep AS sepShift, a.prev - b.prev AS prevShift
RETURN layer, head, avg(shift) AS meanShift, avg(entropyShift) AS meanEntropyShift, avg(sepShift) AS sepAminusB,
       avg(prevShift) AS prevAminusB, count(*) AS sentences
ORDER BY meanShift DESC, layer, head
LIMIT $limit
