package io.attnflow.graph.write;

import io.attnflow.graph.GraphFailureException;
import java.util.List;
import java.util.Locale;

/**
 * One sentence needs more transaction memory than the store allows, so it cannot be written (a sentence is written
 * in one transaction, whole or not at all): nothing of it is stored. The sentences of its group before it are
 * stored ({@link #written()}); the message names the sentence, its size, the limit and the fix.
 */
public final class SentenceTooLargeException extends GraphFailureException {
    private final String sid;
    private final transient List<WriteStats> written;

    private SentenceTooLargeException(String message, String sid, List<WriteStats> written) {
        super(message, null, null);
        this.sid = sid;
        this.written = List.copyOf(written);
    }

    /**
     * @param estimated the sentence's estimated transaction memory, or -1 when the store refused it at commit
     *     although the estimate fitted
     */
    static SentenceTooLargeException of(
            SentenceRows s, long estimated, TransactionBudget budget, List<WriteStats> written) {
        String need = estimated < 0 || budget.limitBytes() <= 0
                ? "more transaction memory than the store allows"
                : "about " + mib(estimated) + " of transaction memory, more than the store allows";
        String fix = budget.embedded()
                ? "give the JVM more heap (e.g. ATTNFLOW_JAVA_OPTS=-Xmx" + heapFor(estimated, budget)
                        + "; the store allows a transaction an eighth of it)"
                : "raise " + TransactionBudget.SETTING + " on the server";
        return new SentenceTooLargeException(
                String.format(
                        Locale.ROOT,
                        "sentence %s (%d tokens, %,d ATTENDS relationships) needs %s (%s: %s): %s, or store fewer"
                                + " relationships with a higher --floor",
                        s.sid(),
                        s.n(),
                        s.attends().rows.size(),
                        need,
                        budget.source(),
                        mib(budget.limitBytes()),
                        fix),
                s.sid(),
                written);
    }

    /** The same failure with a prefix and a suffix around the message (e.g. the corpus location). */
    public SentenceTooLargeException around(String prefix, String suffix) {
        return new SentenceTooLargeException(prefix + getMessage() + suffix, sid, written);
    }

    /** The sentence that did not fit. */
    public String sid() {
        return sid;
    }

    /** What was stored of the group before the sentence, in order. */
    public List<WriteStats> written() {
        return written;
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.0f MiB", bytes / 1048576.0);
    }

    /** A heap whose eighth holds the estimate with the budget's margin, rounded up to whole GiB (at least 2g). */
    private static String heapFor(long estimated, TransactionBudget budget) {
        if (estimated < 0) return (2 * Math.max(1, Runtime.getRuntime().maxMemory() >> 30)) + "g";
        long heap = (long) Math.ceil(estimated / TransactionBudget.SHARE * 8);
        return Math.max(2, (heap + (1L << 30) - 1) >> 30) + "g";
    }
}
