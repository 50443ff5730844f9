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
// the other model's Run by (model, sid); per common sentence NodeIndexSeek HeadStat(model, sid) for A and, per head,
// B's on the whole key HeadStat(model, sid, layer, head) (V005); then EagerAggregation per head. Driving from the
// smaller model visits only the pairs that exist (1,828 × 144 on the 10k store, not A's 1.44M head stats).
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
MATCH (a:HeadStat {model: $modelA, sid: sid})
MATCH (b:HeadStat {model: $modelB, sid: a.sid, layer: a.layer, head: a.head})
  USING INDEX b:HeadStat(model, sid, layer, head)
WITH a.layer AS layer, a.head AS head,
     abs(a.cls - b.cls) + abs(a.sep - b.sep) + abs(a.punct - b.punct) + abs(a.self - b.self)
       + abs(a.prev - b.prev) + abs(a.next - b.next) AS shift,
     abs(a.entropy - b.entropy) AS entropyShift,
     a.sep - b.sep AS sepShift, a.prev - b.prev AS prevShift
RETURN layer, head, avg(shift) AS meanShift, avg(entropyShift) AS meanEntropyShift, avg(sepShift) AS sepAminusB,
       avg(prevShift) AS prevAminusB, count(*) AS sentences
ORDER BY meanShift DESC, layer, head
LIMIT $limit
