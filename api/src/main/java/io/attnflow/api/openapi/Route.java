package io.attnflow.api.openapi;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;

/**
 * One endpoint: its method, path and handler, plus what the OpenAPI document says about it. The route tree is a
 * list of these; the server registers them and {@link OpenApiSpec} describes exactly the same list.
 */
public final class Route {
    private final HandlerType method;
    private final String path;
    private final Handler handler;
    private String tag = "api";
    private String summary = "";
    private String description = "";
    private final List<Param<?>> params = new ArrayList<>();
    private Type body;
    private Type response = Void.class;
    private String responseMediaType = "application/json";
    private final List<Integer> errors = new ArrayList<>();
    private boolean secured = true;

    private Route(HandlerType method, String path, Handler handler) {
        this.method = method;
        this.path = path;
        this.handler = handler;
    }

    public static Route get(String path, Handler handler) {
        return new Route(HandlerType.GET, path, handler);
    }

    public static Route post(String path, Handler handler) {
        return new Route(HandlerType.POST, path, handler);
    }

    public Route tag(String tag) {
        this.tag = tag;
        return this;
    }

    public Route summary(String summary) {
        this.summary = summary;
        return this;
    }

    public Route description(String description) {
        this.description = description;
        return this;
    }

    /** The parameters it reads; path parameters must match the {@code {name}} segments of the path. */
    public Route params(Param<?>... ps) {
        params.addAll(List.of(ps));
        return this;
    }

    /** The JSON request body type. */
    public Route body(Type type) {
        this.body = type;
        return this;
    }

    /** The 200 response type (a class, or {@link Types#listOf(Class)}). */
    public Route returns(Type type) {
        this.response = type;
        return this;
    }

    /** A non-JSON response, e.g. text/html for the docs page. */
    public Route returnsMedia(String mediaType) {
        this.responseMediaType = mediaType;
        this.response = String.class;
        return this;
    }

    /** The error statuses it can answer besides 401, 500 and 503 (which every secured route can). */
    public Route errors(Integer... statuses) {
        errors.addAll(List.of(statuses));
        return this;
    }

    /** Open to everyone even when a token is configured (health probes, the spec, the docs page). */
    public Route open() {
        this.secured = false;
        return this;
    }

    public HandlerType method() {
        return method;
    }

    public String path() {
        return path;
    }

    public Handler handler() {
        return handler;
    }

    public String tag() {
        return tag;
    }

    public String summary() {
        return summary;
    }

    public String description() {
        return description;
    }

    public List<Param<?>> params() {
        return List.copyOf(params);
    }

    public Type body() {
        return body;
    }

    public Type response() {
        return response;
    }

    public String responseMediaType() {
        return responseMediaType;
    }

    public List<Integer> errors() {
        return List.copyOf(errors);
    }

    public boolean secured() {
        return secured;
    }

    /** A stable operation id, e.g. {@code getApiModelsModelSentences}. */
    public String operationId() {
        StringBuilder id = new StringBuilder(method.name().toLowerCase());
        for (String part : path.split("[/{}\\-_.]+")) {
            if (!part.isEmpty())
                id.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return id.toString();
    }
}
