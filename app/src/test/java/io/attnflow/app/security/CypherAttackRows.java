package io.attnflow.app.security;

import java.util.stream.Stream;

/**
 * The Cypher rows of the graph side's attack corpus: what an analyst's query sent to {@code POST /api/cypher} may
 * try, and the status each must get. {@link CypherAttackCorpusTest} sends each and checks the rest.
 */
final class CypherAttackRows {
    private CypherAttackRows() {}

    /**
     * One attack.
     *
     * @param name   what it tries
     * @param query  the Cypher sent
     * @param status the HTTP status it must get
     * @param says   a text the answer must hold (the refused part, or a value of a legitimate answer)
     */
    record Row(String name, String query, int status, String says) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Row> rows() {
        String nested = "RETURN " + "[".repeat(5_000) + "]".repeat(5_000);
        return Stream.of(
                // LOAD CSV: files, URLs, a URL computed from what was read
                new Row("LOAD CSV /etc/passwd", "LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l", 403, "LOAD CSV"),
                new Row("LOAD CSV environ", "LOAD CSV FROM 'file:///proc/self/environ' AS l RETURN l", 403, "LOAD CSV"),
                new Row("LOAD CSV in import root", "LOAD CSV FROM 'file:///secret.csv' AS l RETURN l", 403, "LOAD CSV"),
                new Row("LOAD CSV http", "LOAD CSV FROM 'http://127.0.0.1:1/x.csv' AS l RETURN l", 403, "LOAD CSV"),
                new Row(
                        "LOAD CSV computed URL",
                        "MATCH (s:Sentence) WITH s LIMIT 1 LOAD CSV FROM 'http://127.0.0.1:1/?q=' + s.text AS l RETURN l",
                        403,
                        "LOAD CSV"),
                new Row(
                        "load csv lower case with comment",
                        "load /* x */ csv from 'file:///etc/passwd' as l return l",
                        403,
                        "LOAD CSV"),
                new Row(
                        "EXPLAIN LOAD CSV",
                        "EXPLAIN LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l",
                        403,
                        "LOAD CSV"),
                new Row(
                        "PROFILE LOAD CSV",
                        "PROFILE LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l",
                        403,
                        "LOAD CSV"),
                // procedures and functions outside the allowlist
                new Row("dbms.components", "CALL dbms.components()", 403, "dbms.components"),
                new Row(
                        "dbms.listConfig",
                        "CALL dbms.listConfig() YIELD name, value RETURN name, value",
                        403,
                        "dbms.listConfig"),
                new Row("dbms.showCurrentUser", "CALL dbms.showCurrentUser()", 403, "dbms.showCurrentUser"),
                new Row("tx.setMetaData", "CALL tx.setMetaData({a: 1})", 403, "tx.setMetaData"),
                new Row("apoc.load.json", "CALL apoc.load.json('file:///etc/passwd')", 403, "apoc.load.json"),
                new Row("unknown procedure", "CALL no.such.proc()", 403, "no.such.proc"),
                new Row("quoted procedure name", "CALL `dbms`.`components`()", 403, "dbms.components"),
                new Row(
                        "procedure after an allowed one",
                        "CALL db.labels() YIELD label CALL dbms.components() YIELD name RETURN label, name",
                        403,
                        "dbms.components"),
                new Row("apoc function", "RETURN apoc.text.join(['a'], '') AS x", 403, "apoc.text.join"),
                // Graph Data Science: only stream and listing procedures are allowed, never write, mutate, project,
                // drop
                new Row(
                        "gds write",
                        "CALL gds.louvain.write('attnflow-heads', {writeProperty: 'x'}) YIELD communityCount RETURN 1",
                        403,
                        "gds.louvain.write"),
                new Row(
                        "gds mutate",
                        "CALL gds.louvain.mutate('attnflow-heads', {mutateProperty: 'x'}) YIELD communityCount RETURN 1",
                        403,
                        "gds.louvain.mutate"),
                new Row(
                        "gds project",
                        "CALL gds.graph.project('g', '*', '*') YIELD nodeCount RETURN nodeCount",
                        403,
                        "gds.graph.project"),
                new Row("gds drop", "CALL gds.graph.drop('attnflow-heads')", 403, "gds.graph.drop"),
                new Row("unknown function", "RETURN evil.fn(1) AS x", 403, "evil.fn"),
                new Row("allowed db.labels", "CALL db.labels()", 200, "label"),
                new Row("allowed db.schema.visualization", "CALL db.schema.visualization()", 200, "nodes"),
                new Row(
                        "allowed temporal function",
                        "RETURN duration.between(date('2020-01-01'), date('2020-01-02')) AS d",
                        200,
                        "P0M1D"),
                // admin commands, transactions, databases
                new Row("SHOW TRANSACTIONS", "SHOW TRANSACTIONS", 403, "SHOW TRANSACTIONS"),
                new Row("TERMINATE TRANSACTIONS", "TERMINATE TRANSACTIONS 'neo4j-transaction-1'", 403, "TERMINATE"),
                new Row("SHOW USERS", "SHOW USERS", 403, "SHOW USERS"),
                new Row("SHOW PROCEDURES", "SHOW PROCEDURES YIELD name RETURN name", 403, "SHOW"),
                new Row("USE system", "USE system SHOW DATABASES", 403, "USE"),
                new Row("USE neo4j", "USE neo4j MATCH (n) RETURN count(n)", 403, "USE"),
                new Row(
                        "CALL IN TRANSACTIONS",
                        "UNWIND [1] AS x CALL { WITH x RETURN x AS y } IN TRANSACTIONS RETURN y",
                        403,
                        "IN TRANSACTIONS"),
                new Row("two statements", "MATCH (n) RETURN count(n); MATCH (n) DETACH DELETE n", 403, "2 statements"),
                new Row("two reads", "RETURN 1; RETURN 2", 403, "statements"),
                new Row("CREATE USER", "CREATE USER eve SET PASSWORD 'secret-password'", 403, "CREATE USER"),
                new Row("ALTER USER", "ALTER USER neo4j SET PASSWORD 'secret-password'", 403, "ALTER USER"),
                new Row("GRANT", "GRANT ROLE admin TO eve", 403, "GRANT"),
                new Row("STOP DATABASE", "STOP DATABASE neo4j", 403, "STOP DATABASE"),
                // the kinds of writes
                new Row("CREATE node", "CREATE (:Intruder)", 403, "change the graph"),
                new Row(
                        "CREATE relationship",
                        "MATCH (a:Model), (b:Model) CREATE (a)-[:X]->(b)",
                        403,
                        "change the graph"),
                new Row("MERGE", "MERGE (:Intruder {x: 1})", 403, "change the graph"),
                new Row("SET property", "MATCH (s:Sentence) SET s.text = 'changed'", 403, "change the graph"),
                new Row("SET label", "MATCH (s:Sentence) SET s:Intruder", 403, "change the graph"),
                new Row("REMOVE", "MATCH (s:Sentence) REMOVE s.text", 403, "change the graph"),
                new Row("DELETE", "MATCH (m:Model) DELETE m", 403, "change the graph"),
                new Row("DETACH DELETE", "MATCH (n) DETACH DELETE n", 403, "change the graph"),
                new Row("FOREACH SET", "MATCH (s:Sentence) FOREACH (x IN [1] | SET s.x = x)", 403, "change the graph"),
                new Row("CREATE INDEX", "CREATE INDEX intruder FOR (n:Intruder) ON (n.x)", 403, "CREATE INDEX"),
                new Row("DROP CONSTRAINT", "DROP CONSTRAINT token_key", 403, "DROP CONSTRAINT"),
                new Row("PROFILE a write", "PROFILE CREATE (:Intruder)", 403, "change the graph"),
                // size: query text, nesting, one huge value
                new Row("nested brackets", nested, 400, "at most " + 32),
                new Row("long query", "RETURN '" + "x".repeat(20_000) + "' AS s", 400, "at most 16384"),
                new Row("range 1e8", "RETURN range(1, 100000000)", 400, "at most 1000000"),
                new Row("range 2e7", "RETURN range(1, 20000000) AS r", 400, "at most 1000000"),
                new Row(
                        "huge string",
                        "RETURN reduce(s = 'x', i IN range(1, 22) | s + s) AS s",
                        400,
                        "at most 1000000"),
                new Row("unclosed string", "RETURN 'abc", 400, "unclosed"),
                // what must keep working
                new Row("a read", "MATCH (m:Model) RETURN m.id AS id", 200, "all-minilm-l6-v2"),
                new Row(
                        "keywords in a string",
                        "RETURN 'LOAD CSV FROM file:///etc/passwd; SHOW USERS' AS s",
                        200,
                        "SHOW USERS"),
                new Row(
                        "keywords in a comment",
                        "MATCH (m:Model) RETURN m.id // LOAD CSV, USE system",
                        200,
                        "all-minilm-l6-v2"),
                new Row("ordered read", "MATCH (t:Token) RETURN t.pos AS pos ORDER BY pos DESC LIMIT 2", 200, "pos"),
                new Row("a big but allowed value", "RETURN size(range(1, 100000000)) AS n", 200, "100000000"),
                new Row("EXPLAIN", "EXPLAIN MATCH (m:Model) RETURN m.id", 200, "ProduceResults"),
                new Row("PROFILE", "PROFILE MATCH (m:Model) RETURN m.id AS id", 200, "dbHits"));
    }
}
