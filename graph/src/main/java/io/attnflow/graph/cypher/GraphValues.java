package io.attnflow.graph.cypher;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neo4j.driver.Value;
import org.neo4j.driver.types.Node;
import org.neo4j.driver.types.Path;
import org.neo4j.driver.types.Relationship;
import org.neo4j.driver.types.TypeSystem;

/** Turns driver values into plain Java (maps, lists, numbers, strings) that Jackson and the CLI can print. */
final class GraphValues {
    private GraphValues() {}

    /** Plain form of a value; nodes, relationships and paths found inside are added to the collectors. */
    static Object plain(Value v, Map<String, Object> nodes, Map<String, Object> rels) {
        TypeSystem t = TypeSystem.getDefault();
        if (v == null || v.isNull()) return null;
        if (v.hasType(t.NODE())) {
            Map<String, Object> n = node(v.asNode());
            nodes.putIfAbsent(v.asNode().elementId(), n);
            return n;
        }
        if (v.hasType(t.RELATIONSHIP())) {
            Map<String, Object> r = relationship(v.asRelationship());
            rels.putIfAbsent(v.asRelationship().elementId(), r);
            return r;
        }
        if (v.hasType(t.PATH())) {
            Path p = v.asPath();
            List<Object> ns = new ArrayList<>(), rs = new ArrayList<>();
            for (Node n : p.nodes()) {
                Map<String, Object> m = node(n);
                nodes.putIfAbsent(n.elementId(), m);
                ns.add(m);
            }
            for (Relationship r : p.relationships()) {
                Map<String, Object> m = relationship(r);
                rels.putIfAbsent(r.elementId(), m);
                rs.add(m);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("nodes", ns);
            m.put("relationships", rs);
            return m;
        }
        if (v.hasType(t.LIST())) {
            List<Object> out = new ArrayList<>();
            for (Value x : v.values()) out.add(plain(x, nodes, rels));
            return out;
        }
        if (v.hasType(t.MAP())) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (String k : v.keys()) out.put(k, plain(v.get(k), nodes, rels));
            return out;
        }
        if (v.hasType(t.INTEGER())) return v.asLong();
        if (v.hasType(t.FLOAT())) return v.asDouble();
        if (v.hasType(t.BOOLEAN())) return v.asBoolean();
        if (v.hasType(t.STRING())) return v.asString();
        if (v.hasType(t.BYTES())) return v.asByteArray();
        return v.toString(); // temporal and spatial values print as their ISO / WKT-like text
    }

    private static Map<String, Object> node(Node n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", n.elementId());
        List<String> labels = new ArrayList<>();
        n.labels().forEach(labels::add);
        m.put("labels", labels);
        m.put("properties", properties(n.asMap(x -> x)));
        return m;
    }

    private static Map<String, Object> relationship(Relationship r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.elementId());
        m.put("type", r.type());
        m.put("start", r.startNodeElementId());
        m.put("end", r.endNodeElementId());
        m.put("properties", properties(r.asMap(x -> x)));
        return m;
    }

    private static Map<String, Object> properties(Map<String, Value> props) {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> none = new LinkedHashMap<>();
        props.forEach((k, v) -> out.put(k, plain(v, none, none)));
        return out;
    }
}
