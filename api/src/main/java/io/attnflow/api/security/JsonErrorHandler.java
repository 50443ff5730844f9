package io.attnflow.api.security;

import io.attnflow.api.error.ErrorResponse;
import io.attnflow.api.json.Json;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own errors (a request it rejects before the API sees it: a bad path, a URI or headers too long) in the
 * API's {@link ErrorResponse} shape, as JSON with the security headers, instead of Jetty's HTML page.
 */
public final class JsonErrorHandler extends ErrorHandler {

    @Override
    protected void generateResponse(
            Request request, Response response, int code, String message, Throwable cause, Callback callback) {
        byte[] body = json(code, message);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        SecurityHeaders.ALL.forEach(response.getHeaders()::put);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        SecurityHeaders.ALL.forEach(fields::put);
        return ByteBuffer.wrap(json(status, reason));
    }

    static byte[] json(int status, String reason) {
        return Json.write(body(status, reason)).getBytes(StandardCharsets.UTF_8);
    }

    /** Our own words per status; Jetty's reason is added only when it is a short plain phrase. */
    static ErrorResponse body(int status, String reason) {
        String[] kindAndText =
                switch (status) {
                    case 400 -> new String[] {
                        "bad_request",
                        "the request is not valid HTTP, or its path is refused (a '..' segment, an encoded NUL, '/'"
                                + " or '\\', and a backslash are never accepted)"
                    };
                    case 404 -> new String[] {"not_found", "no such resource (the endpoints are listed at /docs)"};
                    case 405 -> new String[] {"method_not_allowed", "this method is not allowed here"};
                    case 413 -> new String[] {"payload_too_large", "the request body is too large"};
                    case 414 -> new String[] {"uri_too_long", "the request URI is too long"};
                    case 431 -> new String[] {"headers_too_large", "the request headers are too large"};
                    default -> status >= 500
                            ? new String[] {"internal_error", "the server failed to answer this request"}
                            : new String[] {"bad_request", "the request was refused"};
                };
        boolean plain = reason != null && reason.length() <= 80 && reason.matches("[A-Za-z0-9 .,:'-]+");
        return new ErrorResponse(status, kindAndText[0], kindAndText[1], plain ? Map.of("reason", reason) : null);
    }
}
