package io.attnflow.graph;

import io.attnflow.core.query.QueryLimitException;
import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Supplier;
import org.neo4j.driver.exceptions.Neo4jException;
import org.neo4j.driver.exceptions.ServiceUnavailableException;
import org.neo4j.driver.exceptions.SessionExpiredException;

/**
 * The graph module's error boundary: every driver exception becomes one of the project's own, decided by the Neo4j
 * status code (or, for failures on the client side of the connection, which carry no code, by the driver's
 * exception type), so that no driver exception leaves the module's public API.
 *
 * <ul>
 *   <li>unreachable, session expired, database unavailable: {@link GraphUnavailableException} (API 503);
 *   <li>the transaction timed out: {@link QueryLimitException} naming the time bound (API 400);
 *   <li>anything else: {@link GraphFailureException} with the status code (API 500, logged).
 * </ul>
 */
public final class GraphErrors {
    /** Server status codes that mean the database cannot serve right now. */
    private static final Set<String> UNAVAILABLE = Set.of("Neo.TransientError.General.DatabaseUnavailable");

    /** Server status codes of a transaction stopped by its timeout. */
    private static final Set<String> TIMED_OUT = Set.of(
            "Neo.ClientError.Transaction.TransactionTimedOut",
            "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration");

    private GraphErrors() {}

    /**
     * Runs {@code body} (which talks to Neo4j) and translates its driver errors.
     *
     * @param what    what the body does, for the message, e.g. "the trace query"
     * @param timeout the transaction timeout the body runs with, named when it is reached; null when none
     */
    public static <T> T guard(String what, Duration timeout, Supplier<T> body) {
        try {
            return body.get();
        } catch (Neo4jException e) {
            throw translate(what, timeout, e);
        } catch (NoSuchElementException e) {
            // the driver's NoSuchRecordException: a statement returned no row where one was certain
            throw new GraphFailureException(what + " returned no result: " + e.getMessage(), null, e);
        }
    }

    /** {@link #guard(String, Duration, Supplier)} without a timeout. */
    public static <T> T guard(String what, Supplier<T> body) {
        return guard(what, null, body);
    }

    /** {@link #guard(String, Supplier)} for a body without a result. */
    public static void run(String what, Runnable body) {
        guard(what, null, () -> {
            body.run();
            return null;
        });
    }

    /** True when the error says that the database cannot be reached or cannot serve right now. */
    public static boolean isUnavailable(Neo4jException e) {
        return e instanceof ServiceUnavailableException
                || e instanceof SessionExpiredException
                || UNAVAILABLE.contains(e.code());
    }

    /** The project's exception for a driver error. */
    public static RuntimeException translate(String what, Duration timeout, Neo4jException e) {
        if (isUnavailable(e)) {
            return new GraphUnavailableException(
                    "Neo4j is not reachable: " + firstLine(e.getMessage())
                            + " (start it, or point --neo4j-uri at a running server)",
                    e);
        }
        if (TIMED_OUT.contains(e.code())) {
            String bound = timeout == null
                    ? "its time limit"
                    : timeout.toMillis() < 1000 ? timeout.toMillis() + " ms" : timeout.toSeconds() + " s";
            return new QueryLimitException(what + " ran longer than " + bound
                    + " and was stopped: narrow it (one corpus, fewer sentences, a higher τ)");
        }
        return new GraphFailureException(
                what + " failed (" + e.code() + "): " + firstLine(e.getMessage()), e.code(), e);
    }

    private static String firstLine(String s) {
        if (s == null) return "no message";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
