package io.attnflow.api.routes;

import io.attnflow.api.ApiServices;
import io.attnflow.api.ApiSettings;
import io.attnflow.api.openapi.Route;
import java.util.List;

/**
 * The route tree: every endpoint of the API in one place, with its documentation. Controllers do the IO; the
 * services they call know nothing of HTTP.
 */
public final class ApiRoutes {
    private ApiRoutes() {}

    public static List<Route> all(ApiSettings settings, ApiServices services, String version) {
        var health = new HealthController(services.probe(), version);
        return List.of(Route.get("/api/health", health::health)
                .tag("health")
                .summary("Health: 200 once the database answers, 503 while it does not")
                .description("Also reports JVM heap and thread counts.")
                .returns(HealthController.Health.class));
    }
}
