package io.attnflow.api.routes;

import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.attnflow.api.error.BadRequestException;
import io.attnflow.api.json.Json;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads JSON request bodies with the shared (strict) mapper; anything malformed is a 400 that says what is wrong in
 * JSON terms, never naming a Java class. Text is taken exactly as sent: invalid UTF-8 and lone UTF-16 surrogates
 * (which would silently become '?' when stored, and change a sentence's id) are refused.
 */
final class Bodies {
    private Bodies() {}

    static <T> T read(Context ctx, Class<T> type) {
        byte[] body = ctx.bodyAsBytes();
        if (new String(body, StandardCharsets.ISO_8859_1).isBlank()) {
            throw new BadRequestException(null, "the request needs a JSON body (Content-Type: application/json)");
        }
        try {
            JsonNode tree = Json.mapper().readTree(body); // bytes: Jackson checks the UTF-8 itself
            if (tree == null || tree.isNull())
                throw new BadRequestException(null, "the JSON body is null: send an object");
            if (!tree.isObject()) throw new BadRequestException(null, "the JSON body must be an object {…}");
            checkText(tree, "");
            return Json.mapper().treeToValue(tree, type);
        } catch (UnrecognizedPropertyException e) {
            throw new BadRequestException(
                    e.getPropertyName(),
                    "unknown field '" + e.getPropertyName() + "' in the JSON body; known fields: "
                            + e.getKnownPropertyIds());
        } catch (MismatchedInputException e) {
            String field = field(e);
            throw new BadRequestException(
                    field.isEmpty() ? null : field,
                    (field.isEmpty() ? "the JSON body" : "field '" + field + "'") + " must be "
                            + expected(e.getTargetType()));
        } catch (StreamReadException e) {
            throw new BadRequestException(null, "malformed JSON body: " + readProblem(e));
        } catch (JsonMappingException e) {
            throw new BadRequestException(null, "the JSON body does not have the expected shape");
        } catch (IOException e) {
            throw new BadRequestException(null, "malformed JSON body");
        }
    }

    /** Every string in the body must be well-formed UTF-16: a lone surrogate cannot be stored as sent. */
    private static void checkText(JsonNode node, String path) {
        if (node.isTextual()) {
            if (hasLoneSurrogate(node.textValue())) {
                String name = path.isEmpty() ? null : path;
                throw new BadRequestException(
                        name,
                        (name == null ? "the body" : "field '" + name + "'")
                                + " holds a lone UTF-16 surrogate (an escape like \\ud800 without its pair): it is not"
                                + " a character and cannot be stored; send valid Unicode text");
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (hasLoneSurrogate(f.getKey())) {
                    throw new BadRequestException(null, "a field name holds a lone UTF-16 surrogate");
                }
                checkText(f.getValue(), path.isEmpty() ? f.getKey() : path + "." + f.getKey());
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) checkText(node.get(i), path + "[" + i + "]");
        }
    }

    static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private static String field(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }

    /** The JSON kind a Java type is written as. */
    private static String expected(Class<?> type) {
        if (type == null) return "of another type";
        if (type == String.class) return "a string";
        if (type == Boolean.class || type == boolean.class) return "true or false";
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) return "a number";
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) return "a list [...]";
        return "an object {...}";
    }

    /** Jackson's parse problem in its own words, without the source excerpt or Java names. */
    private static String readProblem(StreamReadException e) {
        String m = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        int cut = m.indexOf('\n');
        if (cut >= 0) m = m.substring(0, cut);
        m = m.replaceAll("\\(?for [a-z]+\\.[A-Za-z.$]+\\)?", "").replaceAll("`[a-z]+\\.[A-Za-z.$]+`", "value");
        String where = e.getLocation() == null
                ? ""
                : " (line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr() + ")";
        return m.trim() + where;
    }
}
