package io.attnflow.api.openapi;

import io.attnflow.api.error.BadRequestException;
import io.javalin.http.Context;
import io.javalin.validation.Validator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One path or query parameter: how the controller reads and validates it (through Javalin's validators) and how the
 * OpenAPI document describes it. One object serves both, so the spec cannot drift from the code.
 *
 * @param name        the parameter name
 * @param in          {@code path} or {@code query}
 * @param type        Integer, Double, Boolean or String
 * @param description what it means, for the spec
 * @param required    true when it has no default
 * @param defaultValue the default (as the type), or null
 * @param minimum     inclusive lower bound for numbers, or null
 * @param maximum     inclusive upper bound for numbers, or null
 * @param choices     the allowed values of a string, or empty
 * @param example     an example value for the spec, or null
 */
public record Param<T>(
        String name,
        String in,
        Class<T> type,
        String description,
        boolean required,
        T defaultValue,
        Number minimum,
        Number maximum,
        List<String> choices,
        Object example) {

    /** A path parameter (always required). */
    public static Param<String> path(String name, String description, String example) {
        return new Param<>(name, "path", String.class, description, true, null, null, null, List.of(), example);
    }

    /** An optional query parameter of this type, without a default. */
    public static <T> Param<T> query(String name, Class<T> type, String description) {
        return new Param<>(name, "query", type, description, false, null, null, null, List.of(), null);
    }

    /** A required query parameter. */
    public static <T> Param<T> required(String name, Class<T> type, String description) {
        return new Param<>(name, "query", type, description, true, null, null, null, List.of(), null);
    }

    public Param<T> withDefault(T value) {
        return new Param<>(name, in, type, description, false, value, minimum, maximum, choices, example);
    }

    /** Inclusive bounds, checked by the validator and stated in the spec. */
    public Param<T> range(Number min, Number max) {
        return new Param<>(name, in, type, description, required, defaultValue, min, max, choices, example);
    }

    public Param<T> choices(String... values) {
        return new Param<>(
                name, in, type, description, required, defaultValue, minimum, maximum, List.of(values), example);
    }

    public Param<T> example(Object value) {
        return new Param<>(name, in, type, description, required, defaultValue, minimum, maximum, choices, value);
    }

    /**
     * Reads the parameter: its default when absent, a 400 naming the parameter when it does not parse or breaks a
     * bound (Javalin's {@link io.javalin.validation.ValidationException}).
     */
    public T get(Context ctx) {
        checkStrictNumber(ctx);
        Validator<T> v = "path".equals(in) ? ctx.pathParamAsClass(name, type) : ctx.queryParamAsClass(name, type);
        if (minimum != null) {
            v = v.check(
                    x -> !(x instanceof Number n) || n.doubleValue() >= minimum.doubleValue(), "must be ≥ " + minimum);
        }
        if (maximum != null) {
            v = v.check(
                    x -> !(x instanceof Number n) || n.doubleValue() <= maximum.doubleValue(), "must be ≤ " + maximum);
        }
        if (!choices.isEmpty()) {
            v = v.check(
                    x -> x == null
                            || choices.stream()
                                    .anyMatch(c ->
                                            c.equalsIgnoreCase(String.valueOf(x).trim())),
                    "must be one of " + String.join(", ", choices));
        }
        if (required) return v.get();
        return defaultValue == null ? v.getOrNull() : v.getOrDefault(defaultValue);
    }

    /** Plain decimal numbers only: Java would also read {@code 0x1p-3}, {@code 0.1d}, {@code NaN}, {@code Infinity}. */
    private static final Pattern DECIMAL = Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?");

    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");

    /** True when the text is a plain decimal number (for a {@code Double}) or integer (otherwise). */
    public static boolean isPlainNumber(String raw, boolean integer) {
        return (integer ? INTEGER : DECIMAL).matcher(raw.trim()).matches();
    }

    private void checkStrictNumber(Context ctx) {
        if (type != Double.class && type != Integer.class) return;
        String raw = "path".equals(in) ? ctx.pathParam(name) : ctx.queryParam(name);
        if (raw == null || raw.isEmpty() || isPlainNumber(raw, type == Integer.class)) return;
        throw new BadRequestException(
                name,
                name + ": '" + (raw.length() > 40 ? raw.substring(0, 40) + "…" : raw) + "' is not "
                        + (type == Integer.class ? "an integer" : "a decimal number")
                        + " (write e.g. " + (type == Integer.class ? "3" : "0.1") + ")");
    }

    /** Reads a required parameter that must be present. */
    public T require(Context ctx) {
        T value = get(ctx);
        if (value == null) throw new BadRequestException(name, name + " is required");
        return value;
    }
}
