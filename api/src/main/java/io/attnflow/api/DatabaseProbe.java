package io.attnflow.api;

/** Asks the database for a trivial answer; the health endpoint's only dependency. */
@FunctionalInterface
public interface DatabaseProbe {
    /**
     * Returns normally when the database answers.
     *
     * @throws RuntimeException when it does not
     */
    void ping();
}
