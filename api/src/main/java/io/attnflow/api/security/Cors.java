package io.attnflow.api.security;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * CORS for the origins named with {@code --cors-origin}, and nothing else. {@link RequestGuard} has already
 * refused every other foreign origin, so this only adds the allow headers and answers preflights. (Javalin's CORS
 * plugin is not used: it answers 400 to an unlisted origin only after the handler ran, and refuses the UI's own
 * same-origin calls once any origin is configured.)
 */
public final class Cors {
    private final Set<String> origins;

    public Cors(List<String> origins) {
        this.origins = Set.copyOf(origins.stream().map(Cors::normalize).toList());
    }

    static String normalize(String origin) {
        String o = origin.trim().toLowerCase(Locale.ROOT);
        return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
    }

    boolean allows(String origin) {
        return origin != null && origins.contains(normalize(origin));
    }

    /** Adds the allow headers for a configured origin; answers its preflight with 204 and ends the request. */
    public void apply(Context ctx) {
        String origin = ctx.header("Origin");
        if (!allows(origin)) return;
        ctx.header("Access-Control-Allow-Origin", origin);
        ctx.header("Vary", "Origin");
        if (HandlerType.OPTIONS.equals(ctx.method()) && ctx.header("Access-Control-Request-Method") != null) {
            ctx.header("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
            ctx.header("Access-Control-Allow-Headers", "Authorization, Content-Type");
            ctx.header("Access-Control-Max-Age", "600");
            ctx.status(204);
            ctx.skipRemainingHandlers();
        }
    }
}
