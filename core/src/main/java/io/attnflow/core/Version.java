package io.attnflow.core;

import java.util.ResourceBundle;

/** The Attention Flows version: the Maven project version, written into {@code version.properties} at build time. */
public final class Version {
    /** e.g. {@code 0.1.0-SNAPSHOT}; what {@code attnflow --version} and the OpenAPI document show. */
    public static final String CURRENT =
            ResourceBundle.getBundle("io.attnflow.core.version").getString("version");

    private Version() {}
}
