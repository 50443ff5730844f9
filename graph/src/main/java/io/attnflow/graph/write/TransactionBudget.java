package io.attnflow.graph.write;

import io.attnflow.graph.GraphConnection;
import java.util.List;
import java.util.Locale;
import org.neo4j.configuration.Config;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * How much one write transaction may hold: the store's own cap on a transaction's memory ({@code
 * db.memory.transaction.max}, and the pool of all transactions, {@code db.memory.transaction.total.max}), and the
 * measured memory a sentence's relationships and nodes take in it (docs/DESIGN.md, "Ingest"). A transaction above
 * the cap fails at its commit, so the writer packs sentences into transactions that stay within {@link #usable()}.
 *
 * @param limitBytes the smaller of the two caps in bytes, or 0 when the store sets none
 * @param source     where the limit comes from, for messages
 * @param embedded   whether the limit is that of a store in this JVM (its fix is this JVM's heap)
 */
public record TransactionBudget(long limitBytes, String source, boolean embedded) {
    /**
     * Transaction memory per ATTENDS relationship (with its {@code q} and {@code max}), measured at the commit of the
     * largest sentence a store with a 32 MiB cap takes, on both write paths: 2.16–2.24 KB once its nodes are counted
     * (docs/DESIGN.md, "Ingest"; {@code TransactionMemoryMeasurement}).
     */
    static final long BYTES_PER_RELATIONSHIP = 2_300;

    /** Transaction memory per Token, HeadStat, Run or Sentence node with its properties (an upper bound). */
    static final long BYTES_PER_NODE = 2_000;

    /**
     * The share of the cap a transaction of several sentences may fill by the estimate: the rest absorbs the
     * estimate's error and the store's allocation in chunks (2 MiB). A sentence alone is tried up to the cap divided
     * by this share, since the store, not the estimate, is the judge of whether it fits.
     */
    static final double SHARE = 0.8;

    /** Assumed when a server does not say (SHOW SETTINGS refused): the least the embedded store ever allows. */
    static final long UNKNOWN_SERVER_LIMIT = ByteUnit.mebiBytes(128);

    static final String SETTING = GraphDatabaseSettings.memory_transaction_max_size.name();
    private static final String TOTAL_SETTING = GraphDatabaseSettings.memory_transaction_global_max_size.name();

    /** No cap: every group fits (a store without memory limits). */
    static TransactionBudget unlimited(String source) {
        return new TransactionBudget(0, source, false);
    }

    /** The caps of a database in this JVM, from its own configuration. */
    static TransactionBudget of(GraphDatabaseService local) {
        if (!(local instanceof GraphDatabaseAPI api)) return unlimited("the store in this JVM");
        Config config = api.getDependencyResolver().resolveDependency(Config.class);
        long limit = smallerCap(
                config.get(GraphDatabaseSettings.memory_transaction_max_size),
                config.get(GraphDatabaseSettings.memory_transaction_global_max_size));
        return new TransactionBudget(limit, SETTING + " of the store in this JVM", true);
    }

    /**
     * The caps of a server over Bolt, read with {@code SHOW SETTINGS}; a server that refuses it (a restricted user,
     * a hosted service) gets {@link #UNKNOWN_SERVER_LIMIT}.
     */
    static TransactionBudget of(GraphConnection connection) {
        try (Session session = connection.session()) {
            List<Record> rows = session.run(
                            "SHOW SETTINGS YIELD name, value WHERE name IN $names RETURN name, value",
                            java.util.Map.of("names", List.of(SETTING, TOTAL_SETTING)))
                    .list();
            long perTransaction = 0, total = 0;
            for (Record r : rows) {
                long bytes = bytes(r.get("value").asString());
                if (r.get("name").asString().equals(SETTING)) perTransaction = bytes;
                else total = bytes;
            }
            return new TransactionBudget(smallerCap(perTransaction, total), SETTING + " of " + connection.uri(), false);
        } catch (RuntimeException refused) {
            return new TransactionBudget(
                    UNKNOWN_SERVER_LIMIT,
                    "an assumed " + SETTING + " (" + connection.uri() + " did not answer SHOW SETTINGS)",
                    false);
        }
    }

    /** A byte size as SHOW SETTINGS prints it ("268435456", "256.00MiB", "0B"). */
    static long bytes(String value) {
        String v = value.strip().replace(" ", "");
        int unit = 0;
        while (unit < v.length() && (Character.isDigit(v.charAt(unit)) || v.charAt(unit) == '.')) unit++;
        double number = Double.parseDouble(v.substring(0, unit));
        String suffix =
                v.substring(unit).toLowerCase(Locale.ROOT).replace("b", "").replace("i", "");
        long factor =
                switch (suffix) {
                    case "" -> 1;
                    case "k" -> 1L << 10;
                    case "m" -> 1L << 20;
                    case "g" -> 1L << 30;
                    case "t" -> 1L << 40;
                    default -> throw new IllegalArgumentException("not a byte size: " + value);
                };
        return Math.round(number * factor);
    }

    private static long smallerCap(long a, long b) {
        if (a <= 0) return Math.max(b, 0);
        if (b <= 0) return a;
        return Math.min(a, b);
    }

    /** The transaction memory the estimate may fill, or {@link Long#MAX_VALUE} without a cap. */
    public long usable() {
        return limitBytes <= 0 ? Long.MAX_VALUE : (long) (limitBytes * SHARE);
    }

    /**
     * The most ATTENDS relationships one transaction should hold (their nodes aside), for callers that group
     * sentences before the rows exist; {@link Long#MAX_VALUE} without a cap.
     */
    public long relationships() {
        return limitBytes <= 0 ? Long.MAX_VALUE : usable() / BYTES_PER_RELATIONSHIP;
    }

    /** Whether a sentence of this estimate is sure not to fit, even alone (the store is not asked). */
    boolean hopeless(long estimate) {
        return limitBytes > 0 && estimate * SHARE > limitBytes;
    }

    /** The estimated transaction memory of one sentence's write. */
    static long estimate(SentenceRows s) {
        return s.attends().rows.size() * BYTES_PER_RELATIONSHIP
                + (long) (s.tokens().size() + s.stats().size() + 2) * BYTES_PER_NODE;
    }
}
