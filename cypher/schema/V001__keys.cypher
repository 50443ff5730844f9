// Keys of the attention graph (docs/DATA_MODEL.md). Applied once at start-up by neo4j-migrations (SchemaMigrator).
CREATE CONSTRAINT model_id IF NOT EXISTS FOR (m:Model) REQUIRE m.id IS UNIQUE;
CREATE CONSTRAINT sentence_id IF NOT EXISTS FOR (s:Sentence) REQUIRE s.id IS UNIQUE;
// One node per (model, sentence, layer, position); gives NodeUniqueIndexSeek for token look-ups.
CREATE CONSTRAINT token_key IF NOT EXISTS FOR (t:Token) REQUIRE (t.model, t.sid, t.layer, t.pos) IS UNIQUE;
// One Run per (model, sentence): it is written last, in the sentence's transaction, so it marks completeness.
CREATE CONSTRAINT run_key IF NOT EXISTS FOR (r:Run) REQUIRE (r.model, r.sid) IS UNIQUE;
