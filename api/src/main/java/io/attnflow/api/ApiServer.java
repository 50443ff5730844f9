package io.attnflow.api;

import io.attnflow.api.error.ApiErrors;
import io.attnflow.api.json.Json;
import io.attnflow.api.openapi.OpenApiSpec;
import io.attnflow.api.openapi.Route;
import io.attnflow.api.routes.ApiRoutes;
import io.attnflow.api.security.BindPolicy;
import io.attnflow.api.security.JsonErrorHandler;
import io.attnflow.api.security.RequestGuard;
import io.attnflow.api.security.SecurityHeaders;
import io.attnflow.core.Version;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.ContentType;
import io.javalin.http.HandlerType;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The HTTP server: the API under {@code /api}, its OpenAPI document at {@code /openapi.json}, a browsable page at
 * {@code /docs}, and the static web UI at {@code /}.
 *
 * <p>Every request first passes the {@link RequestGuard} (Host, Origin, JSON bodies), then the token check when a
 * token is set; every response carries the {@link SecurityHeaders}; Jetty's own errors answer JSON too
 * ({@link JsonErrorHandler}). See docs/DESIGN.md, "The HTTP server's walls".
 */
public final class ApiServer implements AutoCloseable {
    public static final String VERSION = Version.CURRENT;
    public static final String SPEC_PATH = "/openapi.json";
    public static final String DOCS_PATH = "/docs";
    /** swagger-ui's start script, a file rather than inline so that the CSP can forbid inline scripts. */
    public static final String DOCS_SCRIPT_PATH = "/docs/init.js";
    /** The largest request body accepted (a batch of 32 sentences fits many times over). */
    public static final long MAX_REQUEST_BYTES = 1_000_000;
    /** How long the health endpoint waits for the database before it answers "busy": health answers within 1 s. */
    static final Duration HEALTH_PROBE_BUDGET = Duration.ofMillis(800);

    private final ApiSettings settings;
    private final List<Route> routes;
    private final String spec;
    private final Javalin app;
    private final DatabaseGate gate;

    /**
     * @throws io.attnflow.core.query.InvalidInputException when asked to listen beyond loopback without a token ({@link BindPolicy})
     */
    public ApiServer(ApiSettings settings, ApiServices services) {
        BindPolicy.check(settings.host(), settings.token());
        this.settings = settings;
        this.gate = new DatabaseGate(services.probe());
        List<Route> all =
                new ArrayList<>(ApiRoutes.all(settings, services, () -> gate.status(HEALTH_PROBE_BUDGET), VERSION));
        all.add(Route.get(SPEC_PATH, ctx -> ctx.contentType(ContentType.APPLICATION_JSON)
                        .result(specJson()))
                .open()
                .tag("docs")
                .summary("This OpenAPI 3.0 document")
                .returns(Object.class));
        all.add(Route.get(DOCS_PATH, ctx -> ctx.html(DocsPage.html()))
                .open()
                .tag("docs")
                .summary("Browsable API documentation (swagger-ui)")
                .returnsMedia("text/html"));
        all.add(Route.get(DOCS_SCRIPT_PATH, ctx -> ctx.contentType("text/javascript")
                        .result(DocsPage.script()))
                .open()
                .tag("docs")
                .summary("The script that starts swagger-ui on the docs page")
                .returnsMedia("text/javascript"));
        this.routes = List.copyOf(all);
        this.spec = Json.write(OpenApiSpec.of(routes, VERSION, settings.token() != null));
        this.app = Javalin.create(this::configure);
    }

    private String specJson() {
        return spec;
    }

    private void configure(JavalinConfig cfg) {
        cfg.startup.showJavalinBanner = false;
        cfg.startup.showOldJavalinVersionWarning = false;
        cfg.jetty.host = settings.host();
        cfg.jetty.port = settings.port();
        cfg.jsonMapper(new JavalinJackson(Json.mapper(), false));
        cfg.http.maxRequestSize = MAX_REQUEST_BYTES;
        JsonErrorHandler jettyErrors = new JsonErrorHandler();
        cfg.jetty.modifyServer(server -> server.setErrorHandler(jettyErrors));
        cfg.jetty.modifyServletContextHandler(handler -> handler.setErrorHandler(jettyErrors));
        cfg.jetty.modifyHttpConfiguration(http -> {
            http.setSendServerVersion(false);
            http.addCustomizer((request, responseHeaders) -> {
                SecurityHeaders.ALL.forEach(responseHeaders::put);
                return request;
            });
        });
        cfg.router.ignoreTrailingSlashes = true;
        cfg.staticFiles.enableWebjars();
        if (settings.uiFolder() != null && ApiServer.class.getResource(settings.uiFolder()) != null) {
            cfg.staticFiles.add(sf -> {
                sf.hostedPath = "/";
                sf.directory = settings.uiFolder();
                sf.location = Location.CLASSPATH;
            });
        }
        cfg.routes.before(new RequestGuard(settings.host(), settings.allowedHosts(), settings.corsOrigins()));
        if (settings.token() != null) {
            cfg.routes.before("/api/*", new BearerAuth(settings.token()));
        }
        // While Neo4j is known to be down, answer at once instead of waiting out the driver's retries.
        cfg.routes.before("/api/*", ctx -> {
            if (gate.isDown() && !ctx.path().equals("/api/health") && !HandlerType.OPTIONS.equals(ctx.method())) {
                ApiErrors.send(ctx, ApiErrors.databaseUnavailable());
                ctx.skipRemainingHandlers();
            }
        });
        ApiErrors.register(cfg.routes, gate::reportUnavailable);
        for (Route r : routes) cfg.routes.addHttpHandler(r.method(), r.path(), r.handler());
    }

    /** The Javalin instance (not started), e.g. for {@code JavalinTest}. */
    public Javalin app() {
        return app;
    }

    /** The routes it serves, in the order of the route tree. */
    public List<Route> routes() {
        return routes;
    }

    /** The OpenAPI document as served. */
    public String spec() {
        return spec;
    }

    /** How long {@link #start()} waits for the first database answer, which is slow on a cold connection. */
    static final Duration WARM_UP_BUDGET = Duration.ofSeconds(5);

    /**
     * Starts serving, after a first database ping (at most {@link #WARM_UP_BUDGET}): the first query on a cold
     * connection can take seconds, and health must not report a merely cold database as busy.
     */
    public ApiServer start() {
        gate.status(WARM_UP_BUDGET);
        app.start();
        return this;
    }

    /** The bound port (after start). */
    public int port() {
        return app.port();
    }

    /** The base URL to print, e.g. {@code http://127.0.0.1:8080/}. */
    public String url() {
        String host = settings.host().contains(":") ? "[" + settings.host() + "]" : settings.host();
        return "http://" + host + ":" + port() + "/";
    }

    @Override
    public void close() {
        app.stop();
        gate.close();
    }
}
