// analyst_head_communities — the head communities of a model: for each Louvain community of the head graph (written
// as Head.community by `attnflow heads build`), its heads of this model, their Kovaleva patterns and the most common
// pattern. Reads the stored head graph only (no GDS call).
//
// Parameters
//   $model     model id
//
// Plan: NodeByLabelScan(Head) + Filter on model, EagerAggregation by community.
//
// Example
//   :param model => 'bge-small-en-v1.5';
MATCH (h:Head {model: $model})
WHERE h.community IS NOT NULL
WITH h ORDER BY h.layer, h.head
WITH h.community AS community, collect(h.layer + '-' + h.head) AS heads, collect(h.pattern) AS patterns
UNWIND patterns AS p
WITH community, heads, p, count(*) AS n ORDER BY n DESC, p
WITH community, heads, collect(p + ' ' + n) AS patterns
RETURN community, size(heads) AS size, heads, patterns
ORDER BY size DESC, community
