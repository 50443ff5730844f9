// Corpus-level look-ups that give no sentence id (docs/DATA_MODEL.md, "Keys and indexes"): a model's head stats over
// all its sentences. Without it, that is a label scan over every HeadStat of every model.
// No (Token.model, Token.layer) index: on a fresh store the planner then preferred it to the unique token key for a
// full-key look-up (SchemaMigratorTest.theTokenKeyGivesAUniqueIndexSeek), which every trace relies on.
CREATE INDEX head_stat_model IF NOT EXISTS FOR (h:HeadStat) ON (h.model);
