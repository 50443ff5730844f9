package io.attnflow.api.openapi;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;

/** Generic types for route documentation, e.g. a JSON array of records. */
public final class Types {
    private Types() {}

    /** {@code List<element>}. */
    public static Type listOf(Class<?> element) {
        return parameterized(List.class, element);
    }

    /** {@code Map<String, value>}. */
    public static Type mapOf(Class<?> value) {
        return parameterized(Map.class, String.class, value);
    }

    private static Type parameterized(Class<?> raw, Type... args) {
        return new ParameterizedType() {
            @Override
            public Type[] getActualTypeArguments() {
                return args.clone();
            }

            @Override
            public Type getRawType() {
                return raw;
            }

            @Override
            public Type getOwnerType() {
                return null;
            }
        };
    }
}
