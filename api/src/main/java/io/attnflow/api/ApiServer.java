package io.attnflow.api;

import io.attnflow.api.error.ApiErrors;
import io.attnflow.api.json.Json;
import io.attnflow.api.openapi.OpenApiSpec;
import io.attnflow.api.openapi.Route;
import io.attnflow.api.routes.ApiRoutes;
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
 * {@code /api/docs}... (see {@link #DOCS_PATH}), and the static web UI at {@code /}.
 */
public final class ApiServer implements AutoCloseable {
    public static final String VERSION = Version.CURRENT;
    public static final String SPEC_PATH = "/openapi.json";
    public static final String DOCS_PATH = "/docs";
    /** How long the health endpoint waits for the database before it answers 503. */
    static final Duration HEALTH_PROBE_BUDGET = Duration.ofSeconds(3);

    private final ApiSettings settings;
    private final List<Route> routes;
    private final String spec;
    private final Javalin app;
    private final DatabaseGate gate;

    public ApiServer(ApiSettings settings, ApiServices services) {
        this.settings = settings;
        this.gate = new DatabaseGate(services.probe());
        List<Route> all =
                new ArrayList<>(ApiRoutes.all(settings, services, () -> gate.answers(HEALTH_PROBE_BUDGET), VERSION));
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
        cfg.http.maxRequestSize = 1_000_000; // a batch of 32 sentences fits many times over
        cfg.router.ignoreTrailingSlashes = true;
        cfg.staticFiles.enableWebjars();
        if (settings.uiFolder() != null && ApiServer.class.getResource(settings.uiFolder()) != null) {
            cfg.staticFiles.add(sf -> {
                sf.hostedPath = "/";
                sf.directory = settings.uiFolder();
                sf.location = Location.CLASSPATH;
            });
        }
        if (!settings.corsOrigins().isEmpty()) {
            cfg.bundledPlugins.enableCors(cors -> cors.addRule(rule -> {
                String first = settings.corsOrigins().get(0);
                String[] rest = settings.corsOrigins()
                        .subList(1, settings.corsOrigins().size())
                        .toArray(String[]::new);
                rule.allowHost(first, rest);
            }));
        }
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

    public ApiServer start() {
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
