// analyst_shared_communities — for two models in one head graph, each Louvain community with its heads of either
// model: shared when it holds heads of both, else only-A or only-B.
//
// Parameters
//   $modelA    model id (e.g. the base model)
//   $modelB    model id (e.g. the fine-tuned model)
//
// Plan: NodeByLabelScan(Head) + Filter on model, EagerAggregation by community.
//
// Example
//   :param modelA => 'bge-small-en';
//   :param modelB => 'bge-small-en-v1.5';
MATCH (h:Head)
WHERE h.model IN [$modelA, $modelB] AND h.community IS NOT NULL
WITH h ORDER BY h.layer, h.head
WITH h.community AS community,
     [x IN collect(h) WHERE x.model = $modelA | x.layer + '-' + x.head] AS headsA,
     [x IN collect(h) WHERE x.model = $modelB | x.layer + '-' + x.head] AS headsB
RETURN community,
       CASE WHEN size(headsA) > 0 AND size(headsB) > 0 THEN 'shared'
            WHEN size(headsA) > 0 THEN 'onlyA' ELSE 'onlyB' END AS kind,
       size(headsA) AS sizeA, size(headsB) AS sizeB, headsA, headsB
ORDER BY kind DESC, sizeA + sizeB DESC, community
