package io.attnflow.core.trace;

import io.attnflow.core.query.InvalidInputException;

/** Which way a trace follows attention edges. */
public enum Direction {
    /** From the start tokens down to the input words: the default, from {@code [CLS]} at the last layer. */
    BACKWARD,
    /** From the start tokens up to the last layer. */
    FORWARD;

    /** Parses {@code backward} or {@code forward}, case-insensitively, with an error that lists the choices. */
    public static Direction parse(String s) {
        for (Direction d : values()) {
            if (d.name().equalsIgnoreCase(s == null ? "" : s.trim())) return d;
        }
        throw new InvalidInputException("unknown direction '" + s + "': use backward or forward");
    }
}
