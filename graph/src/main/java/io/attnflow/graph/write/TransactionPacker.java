package io.attnflow.graph.write;

import io.attnflow.graph.GraphFailureException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.neo4j.kernel.api.exceptions.Status;
import org.neo4j.memory.MemoryLimitExceededException;

/**
 * Splits a group of sentences into as few transactions as the store's transaction memory allows, in order, each
 * holding whole sentences (docs/DESIGN.md, "Ingest"). A sentence that alone exceeds the store's cap is not written:
 * the sentences before it are, and {@link SentenceTooLargeException} names it. When the store refuses a transaction at
 * its commit although the estimate fitted, its sentences are written in smaller transactions (halving), so an
 * estimate that is too low costs a retry, never a stopped ingest, unless one sentence alone is refused.
 */
final class TransactionPacker {
    /** Commits one transaction holding these sentences, whole or not at all. */
    interface Commit {
        /** @throws MemoryRefused when the store refused the transaction for its memory */
        void commit(List<SentenceRows> sentences);
    }

    /** The store refused a transaction for its memory; nothing of it was written. */
    static final class MemoryRefused extends RuntimeException {
        MemoryRefused(Throwable cause) {
            super(cause);
        }
    }

    /**
     * Neo4j's statuses for a transaction over its memory cap (the code's last part: the commit of an over-large
     * transaction reports the pool's status although {@code db.memory.transaction.max} is the cap reached).
     */
    private static final Set<String> MEMORY_STATUSES =
            Set.of("TransactionOutOfMemoryError", "MemoryPoolOutOfMemoryError", "TransactionMemoryLimit");

    private TransactionPacker() {}

    /** Whether a failed commit was refused for its transaction memory (in this JVM or over Bolt). */
    static boolean isMemoryRefusal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof MemoryLimitExceededException) return true;
            if (t instanceof GraphFailureException g && isMemoryStatus(g.code())) return true;
            if (t instanceof Status.HasStatus s
                    && isMemoryStatus(s.status().code().serialize())) return true;
        }
        return false;
    }

    private static boolean isMemoryStatus(String code) {
        return code != null && MEMORY_STATUSES.contains(code.substring(code.lastIndexOf('.') + 1));
    }

    /**
     * Writes {@code rows} in order; each returned {@link WriteStats#nanos} is its transaction's wall time shared in
     * proportion to the sentences' relationships (the first transaction also carries {@code preparedAt}'s
     * preparation).
     */
    static List<WriteStats> write(List<SentenceRows> rows, TransactionBudget budget, long preparedAt, Commit commit) {
        List<WriteStats> written = new ArrayList<>(rows.size());
        long since = preparedAt;
        int cap = Integer.MAX_VALUE; // sentences per transaction, halved after a refused commit
        int from = 0;
        while (from < rows.size()) {
            int to = end(rows, from, cap, budget);
            if (to == from) { // the sentence alone is over the share: the store decides, unless it is hopeless
                SentenceRows s = rows.get(from);
                long estimate = TransactionBudget.estimate(s);
                if (budget.hopeless(estimate)) throw SentenceTooLargeException.of(s, estimate, budget, written);
                to = from + 1;
            }
            List<SentenceRows> tx = rows.subList(from, to);
            try {
                commit.commit(tx);
            } catch (MemoryRefused e) {
                if (tx.size() == 1) throw SentenceTooLargeException.of(tx.get(0), -1, budget, written);
                cap = Math.max(1, tx.size() / 2);
                continue;
            }
            long now = System.nanoTime();
            share(tx, now - since, written);
            since = now;
            from = to;
        }
        return written;
    }

    /** The end (exclusive) of the next transaction from {@code from}: as many sentences as fit, at most cap. */
    private static int end(List<SentenceRows> rows, int from, int cap, TransactionBudget budget) {
        long bytes = 0;
        int to = from;
        while (to < rows.size() && to - from < cap) {
            long next = TransactionBudget.estimate(rows.get(to));
            if (bytes + next > budget.usable()) break;
            bytes += next;
            to++;
        }
        return to;
    }

    private static void share(List<SentenceRows> tx, long nanos, List<WriteStats> out) {
        long totalRels = 0;
        for (SentenceRows s : tx) totalRels += s.attends().rows.size() + 1;
        for (SentenceRows s : tx) out.add(s.stats(nanos * (s.attends().rows.size() + 1) / totalRels));
    }
}
