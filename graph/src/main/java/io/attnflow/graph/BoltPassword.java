package io.attnflow.graph;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * The embedded store's Bolt password: random, one per data directory, kept in {@code <dataDir>/bolt.password},
 * readable and writable by its owner only. Every attnflow process that opens or attaches to the store reads it
 * there; Neo4j Browser and cypher-shell use it with the user {@link #USER}.
 */
public final class BoltPassword {
    /** The file in the data directory. */
    public static final String FILE = "bolt.password";

    /** The store's one user (Community Edition). */
    public static final String USER = "neo4j";

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private BoltPassword() {}

    /** The password in {@code dataDir}, created (24 random bytes, 192 bits, URL-safe Base64) when there is none. */
    static String ensure(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        Optional<String> existing = read(dataDir);
        if (existing.isPresent()) {
            restrict(file);
            return existing.get();
        }
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        try {
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(file);
            }
            Files.writeString(file, password + "\n", StandardCharsets.UTF_8);
        } catch (FileAlreadyExistsException raced) {
            return read(dataDir).orElseThrow(() -> unreadable(file, null));
        } catch (IOException e) {
            throw unreadable(file, e);
        }
        return password;
    }

    /**
     * The password of the store in {@code dataDir}, if its file exists and can be read.
     *
     * @throws GraphUnavailableException when the file exists but cannot be read
     */
    public static Optional<String> read(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        if (!Files.exists(file)) return Optional.empty();
        try {
            String password = Files.readString(file, StandardCharsets.UTF_8).trim();
            return password.isEmpty() ? Optional.empty() : Optional.of(password);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    private static void restrict(Path file) {
        try {
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        } catch (UnsupportedOperationException | IOException notOurs) {
            // not a POSIX file system, or not our file: it is still read; its owner keeps it private
        }
    }

    private static GraphUnavailableException unreadable(Path file, IOException e) {
        return new GraphUnavailableException(
                "cannot read or create the Bolt password file " + file + (e == null ? "" : ": " + e.getMessage())
                        + ". Run attnflow as the data directory's owner, or point --data-dir at a writable folder.",
                e);
    }
}
