package io.attnflow.core.model;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The project's one SHA-256 helper: sentence ids ({@link SentenceInput#idOf}) and the weights hash of
 * {@link ModelInfo#weightsSha256()}. File streaming stays with the callers that read files (core reads none).
 */
public final class Sha256 {
    private Sha256() {}

    /** A fresh SHA-256 digest, for hashing a stream piece by piece. */
    public static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The lower-case hex SHA-256 of {@code bytes} (64 digits). */
    public static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    /** Completes {@code digest} and returns its lower-case hex value. */
    public static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }
}
