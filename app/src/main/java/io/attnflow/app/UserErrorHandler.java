package io.attnflow.app;

import io.attnflow.core.query.QueryException;
import io.attnflow.graph.GraphUnavailableException;
import io.attnflow.graph.cypher.CypherQueryException;
import io.attnflow.graph.write.SentenceTooLargeException;
import io.attnflow.ingest.weights.ModelLoadException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The command line's error boundary. Only the project's own exceptions are the user's: bad input (a bad option value,
 * an unknown model, a malformed corpus line, a refused query) prints one line and exits with 2, picocli's usage code;
 * a failure of the machine or the store (Neo4j unreachable, a full disk, an I/O error, a sentence larger than the
 * store's transaction memory) prints one line and exits
 * with 1. Anything else is a bug: a line that says so, the stack trace on stderr, exit 1. {@code ATTNFLOW_DEBUG=1}
 * prints the trace for every error.
 */
final class UserErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {
    /** How an exception is reported. */
    enum Kind {
        /** The input cannot be served as given: the message names the fix. */
        BAD_INPUT(ExitCode.USAGE),
        /** The machine or the store failed: the message names the cause. */
        FAILURE(ExitCode.SOFTWARE),
        /** A programming error. */
        BUG(ExitCode.SOFTWARE);

        final int exitCode;

        Kind(int exitCode) {
            this.exitCode = exitCode;
        }
    }

    /** The project's exceptions that mean "bad input"; everything they do not name is not the user's fault. */
    private static final List<Class<? extends RuntimeException>> BAD_INPUT = List.of(
            QueryException.class,
            ModelLoadException.class,
            CypherQueryException.class,
            IngestPipeline.CorpusLineException.class,
            ParameterException.class);

    /** The machine or the store cannot do it: unreachable, a full disk, I/O, a sentence over the transaction memory. */
    private static final List<Class<? extends RuntimeException>> FAILURE = List.of(
            GraphUnavailableException.class,
            DiskSpace.DiskFullException.class,
            UncheckedIOException.class,
            SentenceTooLargeException.class);

    static Kind kind(Throwable e) {
        if (BAD_INPUT.stream().anyMatch(c -> c.isInstance(e))) return Kind.BAD_INPUT;
        if (FAILURE.stream().anyMatch(c -> c.isInstance(e))) return Kind.FAILURE;
        return Kind.BUG;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cli, ParseResult parsed) {
        Kind kind = kind(e);
        PrintWriter err = cli.getErr();
        if (kind == Kind.BUG) {
            err.println(cli.getColorScheme().errorText("error: unexpected " + e));
            err.println("this is a bug in attnflow, not a problem with your input: please report it with the stack"
                    + " trace below");
            e.printStackTrace(err);
        } else {
            err.println(cli.getColorScheme().errorText("error: " + message(e)));
            if (System.getenv("ATTNFLOW_DEBUG") != null) e.printStackTrace(err);
        }
        err.flush();
        return kind.exitCode;
    }

    /** A bad option, a missing one or an unknown one: one line that names it and where the help is. */
    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        StringBuilder line = new StringBuilder("error: ").append(message(e));
        if (e instanceof UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
            line.append(" (did you mean ")
                    .append(String.join(" or ", u.getSuggestions()))
                    .append("?)");
        }
        line.append("; see '").append(cli.getCommandSpec().qualifiedName()).append(" --help'");
        PrintWriter err = cli.getErr();
        err.println(cli.getColorScheme().errorText(line.toString()));
        if (System.getenv("ATTNFLOW_DEBUG") != null) e.printStackTrace(err);
        err.flush();
        return Kind.BAD_INPUT.exitCode;
    }

    /** The message on one line: a parser's message (e.g. Jackson's) may put the location on a second one. */
    private static String message(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
