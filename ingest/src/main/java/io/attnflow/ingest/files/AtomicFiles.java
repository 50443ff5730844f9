package io.attnflow.ingest.files;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Files and directories that appear complete or not at all: written under a hidden name beside their target, then
 * renamed in one step, so an interrupted run never leaves a half-written corpus split or model behind. The graph
 * module writes its one such file ({@code bolt.port}) itself: the module rules let graph and ingest share only core,
 * and core may not touch files (docs/DESIGN.md, Dependency rules).
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Writes {@code lines} to {@code target} through {@code .NAME.tmp} beside it, replacing {@code target}. */
    public static void writeLines(Path target, List<String> lines) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        Files.write(tmp, lines);
        move(tmp, target);
    }

    /**
     * Renames {@code from} to {@code to} in one step; an existing {@code to} is replaced (an empty directory, or a
     * file).
     *
     * @throws IOException also when the two are on different file systems, where no rename is atomic
     */
    public static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot rename " + from + " to " + to + " atomically: " + e.getMessage(), e);
        }
    }
}
