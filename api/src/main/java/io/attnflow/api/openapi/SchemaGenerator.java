package io.attnflow.api.openapi;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * OpenAPI 3.0 schemas for the API's DTOs, derived by reflection from the records themselves (the shape Jackson
 * writes): a record is an object of its components, a List or array an array, a Map an object with
 * additionalProperties. Records go to {@code components/schemas} under their simple name and are referenced.
 */
final class SchemaGenerator {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private final Map<String, ObjectNode> components = new TreeMap<>();

    /** The schema of a type, registering every record it reaches. */
    ObjectNode schema(Type type) {
        if (type instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            Type[] args = p.getActualTypeArguments();
            if (Collection.class.isAssignableFrom(raw)) return array(schema(args[0]));
            if (Map.class.isAssignableFrom(raw)) {
                ObjectNode o = F.objectNode().put("type", "object");
                o.set("additionalProperties", schema(args[1]));
                return o;
            }
            return schema(raw);
        }
        if (type instanceof GenericArrayType g) return array(schema(g.getGenericComponentType()));
        if (type instanceof WildcardType w) return schema(w.getUpperBounds()[0]);
        if (!(type instanceof Class<?> c)) return F.objectNode();
        if (c.isArray()) return array(schema(c.getComponentType()));
        if (c == int.class || c == Integer.class || c == long.class || c == Long.class || c == short.class) {
            return F.objectNode().put("type", "integer");
        }
        if (c == double.class || c == Double.class || c == float.class || c == Float.class) {
            return F.objectNode().put("type", "number");
        }
        if (c == boolean.class || c == Boolean.class) return F.objectNode().put("type", "boolean");
        if (c == String.class || CharSequence.class.isAssignableFrom(c))
            return F.objectNode().put("type", "string");
        if (c.isEnum()) {
            ObjectNode o = F.objectNode().put("type", "string");
            var values = o.putArray("enum");
            for (Object constant : c.getEnumConstants()) values.add(((Enum<?>) constant).name());
            return o;
        }
        if (Collection.class.isAssignableFrom(c)) return array(F.objectNode());
        if (Map.class.isAssignableFrom(c)) {
            return F.objectNode().put("type", "object").put("additionalProperties", true);
        }
        if (c.isRecord()) return ref(c);
        if (c == Object.class) return F.objectNode();
        return F.objectNode().put("type", "object");
    }

    /** Every record schema reached so far, by name. */
    Map<String, ObjectNode> components() {
        return components;
    }

    private ObjectNode ref(Class<?> record) {
        String name = name(record);
        if (!components.containsKey(name)) {
            ObjectNode o = F.objectNode().put("type", "object");
            components.put(name, o); // before recursing: records may nest themselves
            ObjectNode props = o.putObject("properties");
            var required = o.putArray("required");
            for (RecordComponent rc : record.getRecordComponents()) {
                ObjectNode property = schema(rc.getGenericType());
                if (rc.getType().isPrimitive()) required.add(rc.getName());
                else if (property.has("type")) property.put("nullable", true); // Jackson writes a null component
                else if (property.has("$ref")) property = nullableRef(property); // $ref takes no siblings in 3.0
                props.set(rc.getName(), property);
            }
            if (required.isEmpty()) o.remove("required");
        }
        return F.objectNode().put("$ref", "#/components/schemas/" + name);
    }

    /** Nested records are named Outer.Inner → OuterInner, so TraceResult.Node and a Node elsewhere stay apart. */
    private static String name(Class<?> c) {
        return c.getEnclosingClass() == null ? c.getSimpleName() : name(c.getEnclosingClass()) + c.getSimpleName();
    }

    /**
     * A record that may be null, inlined: OpenAPI 3.0 ignores keywords beside {@code $ref}, and {@code nullable}
     * on an {@code allOf} wrapper does not let null through its member's {@code type}.
     */
    private ObjectNode nullableRef(ObjectNode ref) {
        String name = ref.get("$ref").asText().substring("#/components/schemas/".length());
        ObjectNode copy = components.get(name).deepCopy();
        copy.put("nullable", true);
        return copy;
    }

    private static ObjectNode array(ObjectNode items) {
        ObjectNode o = F.objectNode().put("type", "array");
        o.set("items", items);
        return o;
    }
}
