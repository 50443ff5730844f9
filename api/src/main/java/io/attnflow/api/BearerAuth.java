package io.attnflow.api;

import io.attnflow.api.error.ApiErrors;
import io.attnflow.api.error.ErrorResponse;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Requires {@code Authorization: Bearer <token>} on every {@code /api} call when a token is configured. The static
 * UI, the OpenAPI document and the docs page stay open so that a browser can load them and then send the token.
 */
final class BearerAuth implements Handler {
    private final byte[] expected;

    BearerAuth(String token) {
        this.expected = token.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void handle(Context ctx) {
        if (HandlerType.OPTIONS.equals(ctx.method())) return; // CORS preflight carries no credentials
        String header = ctx.header("Authorization");
        String prefix = "Bearer ";
        boolean ok = header != null
                && header.regionMatches(true, 0, prefix, 0, prefix.length())
                // constant time: the comparison must not leak how much of the token was right
                && MessageDigest.isEqual(
                        header.substring(prefix.length()).trim().getBytes(StandardCharsets.UTF_8), expected);
        if (!ok) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"attnflow\"");
            ApiErrors.send(
                    ctx,
                    ErrorResponse.of(
                            401,
                            "unauthorized",
                            header == null
                                    ? "this server requires a token: send the header 'Authorization: Bearer <token>'"
                                            + " with the token it was started with (--token or ATTNFLOW_TOKEN)"
                                    : "the bearer token is wrong: use the token the server was started with"));
            ctx.skipRemainingHandlers();
        }
    }
}
