package io.attnflow.graph.query;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.attnflow.core.query.QueryLimitException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A query that runs past its time budget is stopped with an error that names the bound. */
class QueryBoundsTest {
    @Test
    void aQueryPastItsTimeoutIsAQueryLimitErrorNamingTheBound() {
        QueryRunner runner = new QueryRunner(QueryGraph.connection(), QueryCatalogue.load(), Duration.ofMillis(50));
        var e = assertThrows(
                QueryLimitException.class,
                () -> runner.readText(
                        "long_scan",
                        "UNWIND range(1, 2000000000) AS x WITH x WHERE x % 7 = 3 RETURN count(x) AS c",
                        Map.of()));
        assertTrue(e.getMessage().contains("50 ms"), e.getMessage());
        assertTrue(e.getMessage().contains("long_scan"), e.getMessage());
    }
}
