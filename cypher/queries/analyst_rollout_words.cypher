// analyst_rollout_words — the words with the highest attention-rollout relevance for [CLS], averaged over every
// occurrence in the model's corpus (rollout is computed at ingest from the full matrices and stored on the layer-0
// tokens). Special tokens and words seen fewer than $minCount times are left out.
//
// Parameters
//   $model     model id
//   $minCount  the least number of occurrences, e.g. 3
//   $limit     how many words
//
// Plan: NodeIndexSeek Token(model, layer, text) (V005) for the model's layer-0 tokens, EagerAggregation per text.
//
// Example
//   :param model => 'bge-small-en-v1.5';
//   :param minCount => 3;
//   :param limit => 10;
MATCH (t:Token {model: $model, layer: 0})
  WHERE t.text IS NOT NULL AND NOT t.special  // every token has a text: the predicate lets the index serve
WITH t.text AS word, avg(t.rollout) AS meanRollout, count(*) AS occurrences
  WHERE occurrences >= $minCount
RETURN word, meanRollout, occurrences
ORDER BY meanRollout DESC, word
LIMIT $limit
