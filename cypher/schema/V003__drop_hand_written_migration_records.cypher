// Stores migrated before neo4j-migrations recorded each file as a (:SchemaMigration) node; the library keeps its own
// chain of (:__Neo4jMigration) nodes, with checksums, so the old records and their constraint go.
MATCH (m:SchemaMigration) DELETE m;
DROP CONSTRAINT schema_migration_version IF EXISTS;
