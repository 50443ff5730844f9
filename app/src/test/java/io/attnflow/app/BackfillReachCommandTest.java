package io.attnflow.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code attnflow backfill-reach} on an embedded store: it opens the store (creating the V006 indexes) and reports
 * what it wrote; on a store where every run has the values, nothing. What it writes is held equal to ingest's in
 * {@code query.ClsReachStoredTest}.
 */
class BackfillReachCommandTest {
    @TempDir
    Path tmp;

    @Test
    void aStoreWithNothingToDoSaysSo() {
        AttentionCommandTest.Run r = AttentionCommandTest.run(
                "backfill-reach", "--data-dir", tmp.resolve("data").toString(), "--bolt-port", "0", "--no-progress");
        assertEquals(CommandLine.ExitCode.OK, r.exitCode(), r.err());
        assertTrue(r.out().contains("[CLS] reach written for 0 runs"), r.out());
        assertTrue(r.out().contains("every run already had it"), r.out());
    }

    @Test
    void aBatchBelowOneIsAUsageError() {
        AttentionCommandTest.Run r = AttentionCommandTest.run(
                "backfill-reach", "--data-dir", tmp.resolve("data").toString(), "--batch", "0");
        assertEquals(CommandLine.ExitCode.USAGE, r.exitCode(), r.err());
        assertTrue(r.err().contains("--batch"), r.err());
    }
}
