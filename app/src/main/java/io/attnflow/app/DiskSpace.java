package io.attnflow.app;

import io.attnflow.graph.GraphConnection;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Stops an ingest into the embedded store before its disk is full. Neo4j keeps accepting writes on a full disk
 * (the transaction log is preallocated and the page cache holds the rest) and then fails at the checkpoint, at
 * shutdown, with pages of stack traces; stopping while there is still room for that checkpoint keeps the store
 * clean and lets the ingest say so in one line (the stored sentences stay; a re-run continues after them).
 */
final class DiskSpace {
    /** The least free space kept: room for a checkpoint and a rotated 64 MiB transaction log. */
    static final long RESERVE_BYTES = 256L << 20;

    private final FileStore store;
    private final Path dir;
    private final long reserve;

    private DiskSpace(FileStore store, Path dir, long reserve) {
        this.store = store;
        this.dir = dir;
        this.reserve = reserve;
    }

    /** The check for the connection's embedded store, or none for an external server. */
    static DiskSpace of(GraphConnection connection) {
        return connection.embedded().map(e -> at(e.dataDir(), RESERVE_BYTES)).orElse(new DiskSpace(null, null, 0));
    }

    static DiskSpace at(Path dir, long reserve) {
        try {
            return new DiskSpace(Files.getFileStore(dir), dir, reserve);
        } catch (IOException e) {
            return new DiskSpace(null, dir, reserve);
        }
    }

    /**
     * @param written the sentences written so far, for the message
     * @throws DiskFullException when less than the reserve is free
     */
    void check(int written) {
        if (store == null) return;
        long free;
        try {
            free = store.getUsableSpace();
        } catch (IOException e) {
            return; // the write itself will report a real failure
        }
        if (free < reserve) {
            throw new DiskFullException("the disk of " + dir + " has only " + (free >> 20) + " MiB free (at least "
                    + (reserve >> 20) + " MiB are kept for Neo4j's checkpoint); ingest stopped after " + written
                    + " sentences, which are stored. Free some space and run the same command again to continue");
        }
    }

    /** The disk is (nearly) full. */
    static final class DiskFullException extends RuntimeException {
        DiskFullException(String message) {
            super(message);
        }
    }
}
