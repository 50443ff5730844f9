package io.attnflow.graph.cypher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The text checks alone, without a server: what is refused, what passes, and what the guard wraps. */
class QueryTextRulesTest {

    @Test
    void theScannerKeepsPositionsAndBlanksStringsAndComments() {
        String q = "RETURN 'a;b' /* ; */ AS `x y`; // USE\n";
        CypherText t = CypherText.scan(q);
        assertEquals(q.length(), t.code().length());
        assertEquals(1, t.statements());
        assertTrue(!t.code().contains("USE") && !t.code().contains("a;b"), t.code());
        assertTrue(t.code().contains("x_y"), t.code());
    }

    @Test
    void refusalsNameTheRefusedPart() {
        for (String[] c : List.of(
                new String[] {"LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l", "LOAD CSV"},
                new String[] {"CALL dbms.listConfig()", "dbms.listConfig"},
                new String[] {"CALL db . labels ( ) YIELD label CALL tx.getMetaData()", "tx.getMetaData"},
                new String[] {"RETURN apoc.version()", "apoc.version"},
                new String[] {"SHOW TRANSACTIONS", "SHOW TRANSACTIONS"},
                new String[] {"TERMINATE TRANSACTIONS 'x'", "TERMINATE TRANSACTIONS"},
                new String[] {"USE system SHOW USERS", "USE"},
                new String[] {"CALL { CREATE () } IN 2 CONCURRENT TRANSACTIONS", "IN TRANSACTIONS"},
                new String[] {"RETURN 1; RETURN 2", "2 statements"},
                new String[] {"DROP INDEX x", "DROP INDEX"},
                new String[] {"CREATE CONSTRAINT c FOR (n:N) REQUIRE n.x IS UNIQUE", "CREATE CONSTRAINT"})) {
            CypherQueryException e = assertThrows(CypherQueryException.class, () -> AnalystQuery.parse(c[0]), c[0]);
            assertEquals(CypherQueryException.Kind.REFUSED, e.kind(), c[0]);
            assertTrue(e.getMessage().contains(c[1]), c[0] + ": " + e.getMessage());
        }
    }

    @Test
    void boundsAreCheckedBeforeSendingAndNamed() {
        CypherQueryException deep = assertThrows(
                CypherQueryException.class, () -> AnalystQuery.parse("RETURN " + "[".repeat(40) + "]".repeat(40)));
        assertEquals(CypherQueryException.Kind.TOO_LARGE, deep.kind());
        assertTrue(deep.getMessage().contains("at most " + QueryTextRules.MAX_DEPTH), deep.getMessage());
        CypherQueryException longQuery = assertThrows(
                CypherQueryException.class,
                () -> AnalystQuery.parse("RETURN 1" + " ".repeat(QueryTextRules.MAX_LENGTH)));
        assertTrue(longQuery.getMessage().contains("at most " + QueryTextRules.MAX_LENGTH), longQuery.getMessage());
    }

    @Test
    void readsAndKeywordsInsideStringsOrNamesPass() {
        for (String q : List.of(
                "MATCH (m:Model) RETURN m.id",
                "RETURN 'SHOW USERS; LOAD CSV' AS s",
                "MATCH (n) WHERE n.use = $show RETURN n.terminate",
                "CALL db.labels()",
                "CALL { MATCH (n) RETURN n } RETURN count(*)",
                "RETURN datetime.fromepoch(1, 0), point.distance(point({x: 1, y: 1}), point({x: 0, y: 0}))",
                "MATCH (n) RETURN n;")) {
            AnalystQuery.parse(q);
        }
        assertEquals(
                AnalystQuery.Mode.PROFILE,
                AnalystQuery.parse("// why slow?\nprofile MATCH (n) RETURN n").mode());
        assertEquals(
                " MATCH (n) RETURN n",
                AnalystQuery.parse("EXPLAIN MATCH (n) RETURN n").inner());
    }

    @Test
    void theGuardAliasesTheLastReturnAndWrapsAUnionAsItIs() {
        AnalystQuery q = AnalystQuery.parse("MATCH (t:Token) RETURN DISTINCT t.pos, count(*) AS n ORDER BY n LIMIT 3");
        String wrapped =
                AnswerGuard.wrap(q.inner(), q.text(), List.of("t.pos", "n")).orElseThrow();
        assertTrue(
                wrapped.startsWith("CALL { MATCH (t:Token) RETURN DISTINCT t.pos AS `t.pos`, count(*) AS n ORDER BY n"),
                wrapped);
        assertTrue(wrapped.endsWith("RETURN `t.pos`, `n`"), wrapped);
        AnalystQuery union = AnalystQuery.parse("RETURN 1 AS x UNION RETURN 2 AS x");
        assertTrue(AnswerGuard.wrap(union.inner(), union.text(), List.of("x"))
                .orElseThrow()
                .startsWith("CALL { RETURN 1 AS x UNION RETURN 2 AS x\n} WITH * WHERE"));
    }
}
