// analyst_similar_heads — the heads most similar to one head: its SIMILAR neighbours in the head graph (its k nearest
// by Clark et al.'s mean Jensen–Shannon divergence, and the heads that have it among theirs), of any model, most
// similar first.
//
// Parameters
//   $model     model id of the head
//   $layer     its layer, 1..L
//   $head      its head, 0-based
//   $limit     how many neighbours at most
//
// Plan: NodeByLabelScan(Head) + Filter, Expand(All) over SIMILAR in both directions.
//
// Example
//   :param model => 'bge-small-en-v1.5';
//   :param layer => 3;
//   :param head => 2;
//   :param limit => 10;
MATCH (h:Head {model: $model, layer: $layer, head: $head})-[s:SIMILAR]-(o:Head)
RETURN o.model AS model, o.layer AS layer, o.head AS head, s.js AS js, s.cosine AS cosine,
       s.sentences AS sentences, o.pattern AS pattern, o.community AS community
ORDER BY js, cosine DESC, model, layer, head
LIMIT coalesce($limit, 10)
