package io.attnflow.graph;

import org.neo4j.io.ByteUnit;

/**
 * The embedded store's memory caps, from the JVM's heap: one transaction may use an eighth of it, all transactions
 * together a third, so that a query building a huge value fails on its own ({@code MemoryPoolOutOfMemoryError},
 * a client error) while the JVM, the page cache and the other requests go on. Ingest transactions are packed to fit
 * (about 2.2 KB per ATTENDS relationship, {@code write.TransactionBudget}), see docs/DESIGN.md "Ingest".
 *
 * @param perTransaction {@code db.memory.transaction.max} in bytes
 * @param total          {@code db.memory.transaction.total.max} in bytes
 */
record StoreMemory(long perTransaction, long total) {
    private static final long LEAST_PER_TRANSACTION = ByteUnit.mebiBytes(128);

    static StoreMemory fromHeap(long maxHeap) {
        long perTransaction = Math.max(LEAST_PER_TRANSACTION, maxHeap / 8);
        long total = Math.max(perTransaction, maxHeap / 3);
        return new StoreMemory(perTransaction, total);
    }
}
