package io.attnflow.api.error;

import java.util.Map;

/**
 * The body of every failed API call.
 *
 * @param status  the HTTP status code, repeated for clients that only see the body
 * @param error   a short machine-readable kind: {@code bad_request}, {@code unauthorized}, {@code not_found},
 *                {@code database_unavailable}, {@code internal_error}, ...
 * @param message what went wrong and how to fix it, for people
 * @param details per-parameter problems (parameter → messages), or null
 */
public record ErrorResponse(int status, String error, String message, Map<String, Object> details) {
    public static ErrorResponse of(int status, String error, String message) {
        return new ErrorResponse(status, error, message, null);
    }
}
