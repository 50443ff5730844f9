package io.attnflow.api.security;

import java.util.Map;

/**
 * The headers every response carries. The content security policy allows only this server's own scripts, styles,
 * images and API calls (the UI and swagger-ui are served from here and need nothing else), and no framing, so a
 * foreign page can neither inject a script nor overlay the UI in a frame (clickjacking).
 */
public final class SecurityHeaders {
    /** style-src allows inline styles: swagger-ui sets some; scripts stay restricted to files served here. */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'"
            + " 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none';"
            + " form-action 'self'; frame-ancestors 'none'";

    public static final Map<String, String> ALL = Map.of(
            "Content-Security-Policy", CONTENT_SECURITY_POLICY,
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer",
            "X-Frame-Options", "DENY",
            "Cross-Origin-Resource-Policy", "same-origin");

    private SecurityHeaders() {}
}
