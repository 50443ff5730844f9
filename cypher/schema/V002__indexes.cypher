// Look-up indexes for the reader and the query catalogue.
CREATE INDEX head_stat_sentence IF NOT EXISTS FOR (h:HeadStat) ON (h.model, h.sid);
CREATE INDEX head_stat_head IF NOT EXISTS FOR (h:HeadStat) ON (h.model, h.layer, h.head);
CREATE TEXT INDEX sentence_text IF NOT EXISTS FOR (s:Sentence) ON (s.text);
CREATE INDEX sentence_corpus IF NOT EXISTS FOR (s:Sentence) ON (s.corpus);
CREATE INDEX run_model IF NOT EXISTS FOR (r:Run) ON (r.model);
