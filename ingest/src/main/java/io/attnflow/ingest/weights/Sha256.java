package io.attnflow.ingest.weights;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** SHA-256 of weight files, recorded on the Model node so that two subgraphs can be told apart honestly. */
public final class Sha256 {
    private Sha256() {}

    /** The hex SHA-256 of the concatenation of {@code files} (one file in the common case). */
    public static String of(List<Path> files) {
        MessageDigest sha = digest();
        byte[] buf = new byte[1 << 20];
        for (Path f : files) {
            try (InputStream in = Files.newInputStream(f)) {
                for (int n; (n = in.read(buf)) > 0; ) sha.update(buf, 0, n);
            } catch (IOException e) {
                throw new ModelLoadException("cannot read " + f + ": " + e.getMessage(), e);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    public static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
