package io.attnflow.graph.write;

import io.attnflow.graph.GraphConnection;
import io.attnflow.graph.GraphSettings;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.Label;
import org.neo4j.graphdb.Node;
import org.neo4j.graphdb.Relationship;
import org.neo4j.graphdb.RelationshipType;
import org.neo4j.graphdb.Transaction;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;

/**
 * A measurement, not a check (BENCHMARKS.md, issue 12 throughput): the writing thread's CPU and wall time per ATTENDS
 * relationship for write variants of the same synthetic sentences (n tokens, 12 layers, 12 heads, random peaked
 * attention, floor 0.01), alternating in rounds in one store: the writer's relationship and properties (q at 2^20 and
 * max), the same through the kernel API, q at 10^4 (inline in the property record; 2^20 spills to the dynamic array
 * store), and relationships without properties. Prints one line per variant (rounds after a warm-up):
 * {@code mvn -B -pl graph -am test -Dtest=WriteCostMeasurement -Dattnflow.measure=true
 * -Dsurefire.failIfNoSpecifiedTests=false} (-Dprobe.n, -Dprobe.s sentences per round, -Dprobe.dense threshold).
 */
@org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "attnflow.measure", matches = "true")
class WriteCostMeasurement {
    static final ThreadMXBean T = ManagementFactory.getThreadMXBean();
    static final Label TOKEN = Label.label("Token");
    static final RelationshipType ATTENDS = RelationshipType.withName("ATTENDS");

    interface Variant {
        void rel(Node a, Node b, long[] q, long max);
    }

    static org.neo4j.kernel.api.KernelTransaction ktx;
    static int typeId, qKey, maxKey;

    @Test
    void probe() {
        int n = Integer.getInteger("probe.n", 32),
                layers = 12,
                heads = 12,
                sentences = Integer.getInteger("probe.s", 6);
        Map<String, Variant> variants = new LinkedHashMap<>();
        variants.put("full q@2^20+max", (a, b, q, max) -> {
            Relationship r = a.createRelationshipTo(b, ATTENDS);
            r.setProperty("q", q);
            r.setProperty("max", max);
        });
        variants.put("kernel q@2^20+max", (a, b, q, max) -> {
            try {
                var w = ktx.dataWrite();
                long r = w.relationshipCreate(a.getId(), typeId, b.getId());
                w.relationshipSetProperty(r, qKey, org.neo4j.values.storable.Values.longArray(q));
                w.relationshipSetProperty(r, maxKey, org.neo4j.values.storable.Values.longValue(max));
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        variants.put("q@10^4+max", (a, b, q, max) -> {
            Relationship r = a.createRelationshipTo(b, ATTENDS);
            long[] small = new long[q.length];
            for (int h = 0; h < q.length; h++) small[h] = q[h] * 10_000 / (1 << 20);
            r.setProperty("q", small);
            r.setProperty("max", max * 10_000 / (1 << 20));
        });
        variants.put("no props", (a, b, q, max) -> a.createRelationshipTo(b, ATTENDS));
        String dense = System.getProperty("probe.dense", "50");
        Neo4j neo4j = Neo4jBuilders.newInProcessBuilder()
                .withDisabledServer()
                .withConfig(GraphDatabaseSettings.dense_node_threshold, Integer.parseInt(dense))
                .build();
        try (GraphConnection c =
                GraphConnection.open(GraphSettings.external(neo4j.boltURI().toString(), null, null, null))) {
            GraphDatabaseService db = neo4j.defaultDatabaseService();
            Map<String, List<Double>> cpuPerRel = new LinkedHashMap<>();
            Map<String, List<Double>> wallPerRel = new LinkedHashMap<>();
            int sid = 0;
            for (int round = 0; round < 4; round++) {
                for (var v : variants.entrySet()) {
                    long rels = 0, cpu = 0, wall = 0;
                    for (int s = 0; s < sentences; s++) {
                        long[][] rows = rows(n, layers, heads, sid);
                        long c0 = T.getCurrentThreadCpuTime(), w0 = System.nanoTime();
                        try (Transaction tx = db.beginTx()) {
                            ktx = ((org.neo4j.kernel.impl.coreapi.InternalTransaction) tx).kernelTransaction();
                            try {
                                typeId = ktx.tokenWrite().relationshipTypeGetOrCreateForName("ATTENDS");
                                qKey = ktx.tokenWrite().propertyKeyGetOrCreateForName("q");
                                maxKey = ktx.tokenWrite().propertyKeyGetOrCreateForName("max");
                            } catch (Exception e) {
                                throw new RuntimeException(e);
                            }
                            Node[] tokens = new Node[n * (layers + 1)];
                            for (int k = 0; k < tokens.length; k++) {
                                Node t = tx.createNode(TOKEN);
                                t.setProperty("model", "m");
                                t.setProperty("sid", "s" + sid);
                                t.setProperty("layer", (long) (k / n));
                                t.setProperty("pos", (long) (k % n));
                                t.setProperty("text", "w" + k);
                                tokens[k] = t;
                            }
                            for (long[] r : rows) {
                                long[] q = new long[heads];
                                System.arraycopy(r, 3, q, 0, heads);
                                v.getValue().rel(tokens[(int) r[0]], tokens[(int) r[1]], q, r[2]);
                            }
                            tx.commit();
                        }
                        cpu += T.getCurrentThreadCpuTime() - c0;
                        wall += System.nanoTime() - w0;
                        rels += rows.length;
                        sid++;
                    }
                    if (round == 0) continue; // warm-up
                    cpuPerRel
                            .computeIfAbsent(v.getKey(), k -> new ArrayList<>())
                            .add(cpu / 1e3 / rels);
                    wallPerRel
                            .computeIfAbsent(v.getKey(), k -> new ArrayList<>())
                            .add(wall / 1e3 / rels);
                }
            }
            for (String k : variants.keySet()) {
                System.out.printf(
                        "PROBE n=%d dense=%s %-18s cpu us/rel %s  wall us/rel %s%n",
                        n, dense, k, fmt(cpuPerRel.get(k)), fmt(wallPerRel.get(k)));
            }
        } finally {
            neo4j.close();
        }
    }

    static String fmt(List<Double> v) {
        StringBuilder b = new StringBuilder();
        for (double d : v) b.append(String.format("%5.2f ", d));
        return b.toString();
    }

    /** Rows [from, to, max, q...] of a random peaked attention, floor 0.01 at 2^20. */
    static long[][] rows(int n, int layers, int heads, long seed) {
        Random rnd = new Random(seed);
        List<long[]> out = new ArrayList<>();
        long floorQ = Math.round(0.01 * (1 << 20));
        float[][][] a = new float[heads][n][n];
        for (int l = 1; l <= layers; l++) {
            for (int h = 0; h < heads; h++) {
                for (int i = 0; i < n; i++) {
                    double sum = 0;
                    double[] v = new double[n];
                    for (int j = 0; j < n; j++) sum += v[j] = Math.exp(2.5 * rnd.nextGaussian());
                    for (int j = 0; j < n; j++) a[h][i][j] = (float) (v[j] / sum);
                }
            }
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    long[] row = new long[3 + heads];
                    long max = 0;
                    for (int h = 0; h < heads; h++) {
                        long q = Math.round(a[h][i][j] * (double) (1 << 20));
                        if (q < floorQ) q = 0;
                        row[3 + h] = q;
                        max = Math.max(max, q);
                    }
                    if (max < floorQ) continue;
                    row[0] = (long) (l - 1) * n + j;
                    row[1] = (long) l * n + i;
                    row[2] = max;
                    out.add(row);
                }
            }
        }
        return out.toArray(long[][]::new);
    }
}
