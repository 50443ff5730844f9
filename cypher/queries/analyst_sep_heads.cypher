// analyst_sep_heads — heads that mostly attend to [SEP], per model (Clark et al. found many such "no-op" heads in
// the middle layers of BERT). From the HeadStat nodes written at ingest: the mean over each model's sentences of
// the head's mean attention to [SEP]; heads above $share, most [SEP]-bound first.
//
// Parameters
//   $share     the least mean attention to [SEP], e.g. 0.5
//
// Plan: NodeByLabelScan(HeadStat) -> EagerAggregation per (model, layer, head).
//
// Example
//   :param share => 0.5;
MATCH (st:HeadStat)
WITH st.model AS model, st.layer AS layer, st.head AS head, avg(st.sep) AS sep, avg(st.cls) AS cls,
     count(*) AS sentences
WHERE sep > $share
RETURN model, layer, head, sep, cls, sentences
ORDER BY model, sep DESC, layer, head
