// Corpus-level look-ups that give no sentence id (docs/DATA_MODEL.md, "Keys and indexes"): the analyst queries'
// layer-0 tokens of a model (by word, or all of them for rollout) and a model's head stats over all its sentences.
// Without these, both are label scans over every Token or HeadStat of every model.
CREATE INDEX token_layer IF NOT EXISTS FOR (t:Token) ON (t.model, t.layer);
CREATE INDEX head_stat_model IF NOT EXISTS FOR (h:HeadStat) ON (h.model);
