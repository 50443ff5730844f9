package io.attnflow.api.routes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.attnflow.api.error.BadRequestException;
import io.attnflow.api.json.Json;
import io.javalin.http.Context;

/** Reads JSON request bodies with the shared mapper; anything malformed is a 400 that says what is wrong. */
final class Bodies {
    private Bodies() {}

    static <T> T read(Context ctx, Class<T> type) {
        String body = ctx.body();
        if (body.isBlank()) {
            throw new BadRequestException(null, "the request needs a JSON body (Content-Type: application/json)");
        }
        try {
            T value = Json.mapper().readValue(body, type);
            if (value == null) throw new BadRequestException(null, "the JSON body is null: send an object");
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw new BadRequestException(
                    e.getPropertyName(),
                    "unknown field '" + e.getPropertyName() + "' in the JSON body; known fields: "
                            + e.getKnownPropertyIds());
        } catch (MismatchedInputException e) {
            throw new BadRequestException(
                    null, "the JSON body does not have the expected shape: " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new BadRequestException(null, "malformed JSON body: " + e.getOriginalMessage());
        }
    }
}
