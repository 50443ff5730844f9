/**
 * The user-facing errors of every query, shared by the in-memory reference, the graph query service and the API.
 *
 * <ul>
 *   <li>{@link io.attnflow.core.query.InvalidQueryException}: a bad parameter, maps to HTTP 400;
 *   <li>{@link io.attnflow.core.query.NotFoundException} and its subclasses
 *       {@link io.attnflow.core.query.UnknownModelException}, {@link io.attnflow.core.query.UnknownSentenceException}
 *       and {@link io.attnflow.core.query.UnknownQueryException}: maps to HTTP 404.
 * </ul>
 *
 * Every message names the problem and how to fix it, so it can be shown to the user as it is.
 */
package io.attnflow.core.query;
