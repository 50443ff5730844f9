package io.attnflow.app;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Checks of option values that picocli's types cannot express (ranges, exclusive options). A failed check is a
 * usage error: one line naming the option, exit code 2 ({@link UserErrorHandler}).
 */
final class OptionCheck {
    private OptionCheck() {}

    /** Refuses the command line of {@code spec} with {@code problem} unless {@code valid}. */
    static void require(CommandSpec spec, boolean valid, String problem) {
        if (!valid) throw new ParameterException(spec.commandLine(), problem);
    }

    /** A TCP port option: 0 (any free port) to 65535. */
    static void port(CommandSpec spec, String option, int port) {
        require(
                spec,
                port >= 0 && port <= 65535,
                option + " must be a port from 0 (any free one) to 65535, was " + port);
    }

    /** An option that counts something: at least {@code min}. */
    static void atLeast(CommandSpec spec, String option, long value, long min) {
        require(spec, value >= min, option + " must be at least " + min + ", was " + value);
    }
}
