package io.attnflow.app;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns exceptions from a command into one readable line on stderr and exit code 1. Users see what went wrong and
 * how to fix it, never a stack trace; {@code ATTNFLOW_DEBUG=1} prints the trace for developers.
 */
final class UserErrorHandler implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cli, ParseResult parsed) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        cli.getErr().println(cli.getColorScheme().errorText("error: " + message));
        if (System.getenv("ATTNFLOW_DEBUG") != null) {
            e.printStackTrace(cli.getErr());
        }
        return 1;
    }
}
