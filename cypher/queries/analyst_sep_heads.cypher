// analyst_sep_heads — heads that mostly attend to [SEP], per model (Clark et al. found many such "no-op" heads in
// the middle layers of BERT). From the HeadStat nodes written at ingest: the mean over each model's sentences of
// the head's mean attention to [SEP]; heads above $share, most [SEP]-bound first.
//
// Parameters
//   $share     the least mean attention to [SEP], e.g. 0.5
//
// Plan: per model and head a NodeIndexSeek of HeadStat(model, layer, head, sep, cls) (V005) that gives sep and cls
// from the index itself, then EagerAggregation per (model, layer, head).
//
// Example
//   :param share => 0.5;
MATCH (m:Model)
UNWIND range(1, m.layers) AS layer
UNWIND range(0, m.heads - 1) AS head
MATCH (st:HeadStat {model: m.id, layer: layer, head: head})
  WHERE st.sep IS NOT NULL AND st.cls IS NOT NULL  // always true: lets the index give the values
WITH m.id AS model, layer, head, avg(st.sep) AS sep, avg(st.cls) AS cls, count(*) AS sentences
WHERE sep > $share
RETURN model, layer, head, sep, cls, sentences
ORDER BY model, sep DESC, layer, head
