// analyst_head_centrality — the most central heads of the head graph: GDS weighted degree centrality (the sum of the
// cosine weights of a head's SIMILAR edges), stream mode, over the in-memory projection 'attnflow-heads' that
// `attnflow heads build` makes (after a restart, the app's read-only runner projects it again when a query names it).
// Needs Neo4j Graph Data Science: built into the embedded store; a server needs the GDS plugin (Aura Graph Analytics
// or a self-managed plugin) and the projection: CALL gds.graph.project('attnflow-heads', 'Head',
// {SIMILAR: {orientation: 'UNDIRECTED', properties: 'cosine'}}).
//
// Parameters
//   $model     model id, or null for every model's heads
//   $limit     how many heads at most
//
// Plan: ProcedureCall(gds.degree.stream), then Filter on the head's model.
//
// Example
//   :param model => 'bge-small-en-v1.5';
//   :param limit => 10;
CALL gds.degree.stream('attnflow-heads', {relationshipWeightProperty: 'cosine'})
YIELD nodeId, score
WITH gds.util.asNode(nodeId) AS h, score
WHERE $model IS NULL OR h.model = $model
RETURN h.model AS model, h.layer AS layer, h.head AS head, score AS degree, h.community AS community,
       h.pattern AS pattern
ORDER BY degree DESC, model, layer, head
LIMIT coalesce($limit, 10)
