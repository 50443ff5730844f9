package io.attnflow.core.query;

/**
 * A query reached one of its bounds (its time budget, or the number of rows or sentences it may scan) and was
 * stopped. The message names the bound and how to narrow the query; the API answers 400.
 */
public final class QueryLimitException extends QueryException {
    public QueryLimitException(String message) {
        super(message);
    }
}
