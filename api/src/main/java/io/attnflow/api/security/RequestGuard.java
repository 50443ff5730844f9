package io.attnflow.api.security;

import io.attnflow.api.error.ApiErrors;
import io.attnflow.api.error.ErrorResponse;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Refuses, before any handler runs, the requests a web page in the user's browser can make to a server on
 * 127.0.0.1 but that this server's own UI never makes (docs/DESIGN.md, "The HTTP server's walls"):
 *
 * <ul>
 *   <li>a {@code Host} that is not this server's (DNS rebinding: evil.example resolving to 127.0.0.1): 421;
 *   <li>an {@code Origin} that is neither this server nor a configured CORS origin: 403;
 *   <li>a POST, PUT or PATCH whose body is not {@code application/json} (the "simple" types a page may send
 *       cross-site without a preflight: text/plain, forms): 415.
 * </ul>
 */
public final class RequestGuard implements Handler {
    private static final Set<HandlerType> WITH_BODY = Set.of(HandlerType.POST, HandlerType.PUT, HandlerType.PATCH);

    private final Set<String> allowedHosts;
    private final Cors cors;

    public RequestGuard(String boundHost, List<String> allowedHosts, List<String> corsOrigins) {
        this.allowedHosts = HostNames.allowed(boundHost, allowedHosts);
        this.cors = new Cors(corsOrigins);
    }

    @Override
    public void handle(Context ctx) {
        ErrorResponse refusal = refusal(ctx);
        if (refusal != null) {
            ApiErrors.send(ctx, refusal);
            ctx.skipRemainingHandlers();
        } else {
            cors.apply(ctx);
        }
    }

    private ErrorResponse refusal(Context ctx) {
        String host = ctx.header("Host");
        String name = HostNames.nameOf(host);
        if (name == null || !allowedHosts.contains(name)) {
            return ErrorResponse.of(
                    421,
                    "misdirected_request",
                    "this server does not answer to the host name in the request (Host: " + printable(host)
                            + "); call it as localhost or 127.0.0.1, or start it with --allowed-host NAME");
        }
        String origin = ctx.header("Origin");
        if (origin != null && !sameOrigin(origin, host) && !cors.allows(origin)) {
            return ErrorResponse.of(
                    403,
                    "origin_refused",
                    "requests from the web page at " + printable(origin) + " are refused; to call this API from"
                            + " another site, start the server with --cors-origin " + printable(origin));
        }
        if (WITH_BODY.contains(ctx.method()) && !isJson(ctx.header("Content-Type"))) {
            return ErrorResponse.of(
                    415,
                    "unsupported_media_type",
                    "the body must be JSON sent with 'Content-Type: application/json' (got "
                            + (ctx.header("Content-Type") == null
                                    ? "no Content-Type"
                                    : "'" + printable(ctx.header("Content-Type")) + "'")
                            + ")");
        }
        return null;
    }

    private static boolean sameOrigin(String origin, String host) {
        String o = Cors.normalize(origin);
        String h = host.trim().toLowerCase(Locale.ROOT);
        return o.equals("http://" + h) || o.equals("https://" + h);
    }

    /** {@code application/json}, optionally with {@code charset=utf-8}. */
    static boolean isJson(String contentType) {
        if (contentType == null) return false;
        String[] parts = contentType.split(";");
        if (!parts[0].trim().equalsIgnoreCase("application/json")) return false;
        for (int i = 1; i < parts.length; i++) {
            String[] kv = parts[i].split("=", 2);
            if (kv.length != 2 || !kv[0].trim().equalsIgnoreCase("charset")) return false;
            String charset = kv[1].trim().replace("\"", "");
            if (!charset.equalsIgnoreCase("utf-8")) return false;
        }
        return true;
    }

    /** A header value fit to quote in a message: at most 100 visible ASCII characters. */
    private static String printable(String value) {
        if (value == null) return "none";
        StringBuilder b = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (b.length() == 100) return b.append('…').toString();
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return b.toString();
    }
}
