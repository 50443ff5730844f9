/**
 * The user-facing errors of every query, shared by the in-memory reference, the graph query service and the API.
 *
 * <ul>
 *   <li>{@link io.attnflow.core.query.InvalidInputException} and its subclass
 *       {@link io.attnflow.core.query.InvalidQueryException}: bad input or a bad parameter, maps to HTTP 400;
 *   <li>{@link io.attnflow.core.query.QueryLimitException}: a query reached its time or size bound, maps to HTTP 400;
 *   <li>{@link io.attnflow.core.query.NotFoundException} and its subclasses
 *       {@link io.attnflow.core.query.UnknownModelException}, {@link io.attnflow.core.query.UnknownSentenceException}
 *       and {@link io.attnflow.core.query.UnknownQueryException}: maps to HTTP 404.
 * </ul>
 *
 * Anything else (an {@link IllegalArgumentException} included) is a programming error: HTTP 500 and a log line.
 * Every message names the problem and how to fix it, so it can be shown to the user as it is.
 */
package io.attnflow.core.query;
