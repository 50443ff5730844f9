// common_sentences — the sentences ingested for both models (with the same token count), for corpus comparisons.
//
// Parameters
//   $modelA    model A id
//   $modelB    model B id
//   $corpus    restrict to Sentence.corpus = $corpus; null = every sentence
//   $limit     at most this many sentences (in sid order); null = all
//
// Plan: NodeIndexSeek(Run.model) -> Expand(OF) -> Expand(OF) -> Filter on the other Run's model.
//
// Example
//   :param modelA => 'bge-small-en-v1.5';
//   :param modelB => 'all-MiniLM-L6-v2';
//   :param corpus => null;
//   :param limit => 1000;
MATCH (ra:Run {model: $modelA})-[:OF]->(s:Sentence)<-[:OF]-(rb:Run {model: $modelB})
  WHERE ra.n = rb.n AND ($corpus IS NULL OR s.corpus = $corpus)
RETURN s.id AS sid, s.text AS text, s.textB AS textB
ORDER BY sid
LIMIT coalesce($limit, 9223372036854775807)
