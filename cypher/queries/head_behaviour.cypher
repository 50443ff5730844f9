// head_behaviour — T2 head behaviour (Clark et al. 2019) from the HeadStat nodes: per head, the mean attention to [CLS], [SEP],
// punctuation, self, the previous and the next token, the mean row entropy (nats), and Clark et al.'s delimiter
// metrics sepSep ([SEP] rows to [SEP]) and restSep (the other rows to [SEP]), computed at ingest from the full
// matrices (README, Definitions). With $sid: that sentence; with $sid = null: the mean over every sentence of the model.
// Plan: NodeIndexSeek on HeadStat(model, sid) (with $sid) or a label scan filtered by model, then EagerAggregation.
//
// Parameters
//   $model     model id, e.g. 'bge-small-en-v1.5' (see `MATCH (m:Model) RETURN m.id`)
//   $sid       a sentence id, or null for the mean over the corpus
//
// Example
//   :param model => 'bge-small-en-v1.5';
//   :param sid => '0a1b2c3d4e5f6a7b';
MATCH (m:Model {id: $model})
MATCH (st:HeadStat {model: $model})
  WHERE $sid IS NULL OR st.sid = $sid
RETURN st.layer AS layer, st.head AS head, count(*) AS sentences,
       avg(st.cls) AS cls, avg(st.sep) AS sep, avg(st.punct) AS punct, avg(st.self) AS self,
       avg(st.prev) AS prev, avg(st.next) AS next, avg(st.entropy) AS entropy, avg(st.sepSep) AS sepSep,
       avg(st.restSep) AS restSep
ORDER BY layer, head
