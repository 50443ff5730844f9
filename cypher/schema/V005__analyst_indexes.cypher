// Indexes for the corpus-level analyst queries (docs/DATA_MODEL.md, "Keys and indexes"), which otherwise scan every
// HeadStat or Token by label or join a model's head stats on the sentence alone.
// One head's stats on one sentence: analyst_behaviour_shift joins two models' stats on the whole key.
CREATE INDEX head_stat_key IF NOT EXISTS FOR (h:HeadStat) ON (h.model, h.sid, h.layer, h.head);
// A head's [SEP] and [CLS] means over a corpus read from the index alone (analyst_sep_heads).
CREATE INDEX head_stat_sep_cls IF NOT EXISTS FOR (h:HeadStat) ON (h.model, h.layer, h.head, h.sep, h.cls);
// A model's words at one layer (analyst_rollout_words, analyst_cls_reaches_word, analyst_community_cls_word). It
// needs a predicate on text, so it cannot take a full-key token look-up from the unique token key.
CREATE INDEX token_text IF NOT EXISTS FOR (t:Token) ON (t.model, t.layer, t.text);
// A model's tokens marked as the corpus's error span (present only where true): analyst_community_cls_marked.
CREATE INDEX token_marked IF NOT EXISTS FOR (t:Token) ON (t.model, t.layer, t.marked);
