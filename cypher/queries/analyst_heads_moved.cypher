// analyst_heads_moved — heads whose community changed between two models (e.g. base and fine-tuned): head (l, h) of
// $modelA and head (l, h) of $modelB sit in different Louvain communities of one head graph built over both
// (`attnflow heads build --model A --model B`). Also says whether each side's community holds heads of both models.
//
// Parameters
//   $modelA    model id (e.g. the base model)
//   $modelB    model id (e.g. the fine-tuned model)
//
// Plan: NodeByLabelScan(Head) twice, ValueHashJoin on (layer, head).
//
// Example
//   :param modelA => 'bge-small-en';
//   :param modelB => 'bge-small-en-v1.5';
MATCH (a:Head {model: $modelA}), (b:Head {model: $modelB})
WHERE a.layer = b.layer AND a.head = b.head AND a.community <> b.community
WITH a, b,
     COUNT { (x:Head {community: a.community}) WHERE x.model = $modelB } > 0 AS fromShared,
     COUNT { (y:Head {community: b.community}) WHERE y.model = $modelA } > 0 AS toShared
RETURN a.layer AS layer, a.head AS head, a.community AS communityA, b.community AS communityB,
       a.pattern AS patternA, b.pattern AS patternB, fromShared, toShared
ORDER BY layer, head
