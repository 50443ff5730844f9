// analyst_behaviour_shift — the heads whose behaviour (Clark et al. metrics) changed most between two models, over
// the sentences ingested for both: per head, the mean absolute difference of attention to [CLS], [SEP],
// punctuation, self, previous and next token (summed), and of the row entropy.
//
// Parameters
//   $modelA    model A id
//   $modelB    model B id
//   $limit     how many heads
//
// Plan: NodeIndexSeek HeadStat(model) for A, then per head stat of A a NodeIndexSeek of B's on the whole key
// HeadStat(model, sid, layer, head) (V005), then EagerAggregation per head.
//
// Example
//   :param modelA => 'bge-small-en';
//   :param modelB => 'bge-small-en-v1.5';
//   :param limit => 10;
MATCH (a:HeadStat {model: $modelA})
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
