// Indexes on the stored [CLS] reach (docs/DATA_MODEL.md, "Keys and indexes"; docs/DESIGN.md, "Corpus-level analyst
// queries"): the queries that would otherwise trace every sentence read it by range, with the properties they need
// given by the index itself.
// One sentence's [CLS] trace nodes at τ (clsReach > τ·scale), with their layer: analyst_checkpoint_cls_reach,
// analyst_cls_marked_share.
CREATE INDEX token_cls_reach IF NOT EXISTS FOR (t:Token) ON (t.model, t.sid, t.clsReach, t.layer);
// The sentences whose [CLS] trace uses one head at τ: analyst_label_heads.
CREATE INDEX head_stat_cls_reach IF NOT EXISTS FOR (h:HeadStat) ON (h.model, h.layer, h.head, h.clsReach, h.sid);
