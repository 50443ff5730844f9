package io.attnflow.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.attnflow.api.json.Json;
import io.attnflow.core.query.InvalidInputException;
import io.attnflow.core.query.UnknownModelException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The API maps the project's exceptions, and only those, to client errors: whatever else a service throws, an
 * {@link IllegalArgumentException} included, is a bug and answers a generic 500 that does not echo its message. The
 * ingest port raises the exception named by the sentence it is sent, so each is thrown from a real route.
 */
class ErrorMappingTest {
    private static final String SECRET = "detail that must stay in the log";

    private static final Map<String, Supplier<RuntimeException>> THROWN = Map.of(
            "invalid", () -> new InvalidInputException("the input is bad: " + SECRET),
            "unknown", () -> new UnknownModelException("m"),
            "illegal-argument", () -> new IllegalArgumentException(SECRET),
            "illegal-state", () -> new IllegalStateException(SECRET));

    private ApiServer server;

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    @Test
    void onlyTheProjectsExceptionsAreClientErrors() throws Exception {
        server = new ApiServer(
                        ApiSettings.defaults().withPort(0),
                        new ApiServices(() -> {}, null, null, null, (model, inputs) -> {
                            throw THROWN.get(inputs.get(0).text()).get();
                        }))
                .start();
        assertAnswer("invalid", 400, "bad_request");
        assertAnswer("unknown", 404, "not_found");
        for (String bug : new String[] {"illegal-argument", "illegal-state"}) {
            JsonNode body = assertAnswer(bug, 500, "internal_error");
            assertFalse(body.toString().contains(SECRET), "a bug's message stays in the log: " + body);
        }
    }

    private JsonNode assertAnswer(String text, int status, String error) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(server.url() + "api/models/m/sentences"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"text\": \"" + text + "\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        JsonNode body = Json.mapper().readTree(r.body());
        assertEquals(status, r.statusCode(), text + " → " + r.body());
        assertEquals(error, body.get("error").asText(), r.body());
        return body;
    }
}
