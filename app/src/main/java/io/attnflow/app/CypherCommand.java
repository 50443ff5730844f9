package io.attnflow.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.attnflow.core.query.CypherParameters;
import io.attnflow.graph.GraphConnection;
import io.attnflow.graph.cypher.CypherResult;
import io.attnflow.graph.cypher.ReadOnlyCypher;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code attnflow cypher "QUERY"}: read-only Cypher from the terminal, without cypher-shell. With the embedded store
 * it connects to the running attnflow process when there is one (its {@code bolt.port}), else opens the store.
 */
@Command(
        name = "cypher",
        mixinStandardHelpOptions = true,
        description = {
            "Run a read-only Cypher query and print the result. A query that would write is refused.",
            "Example: attnflow cypher \"MATCH (m:Model) RETURN m.id, m.layers, m.heads\""
        })
final class CypherCommand implements Callable<Integer> {
    enum Format {
        table,
        json,
        csv
    }

    @Parameters(index = "0", paramLabel = "QUERY", description = "the Cypher query")
    String query;

    @Option(
            names = {"-p", "--param"},
            paramLabel = "NAME=VALUE",
            description = "a query parameter ($NAME): null, true/false, integers and decimals are passed as such;"
                    + " ids (model, sid, corpus) as text, or null for null; words, labels and the rest as text")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--format", defaultValue = "table", description = "table, json or csv (default: ${DEFAULT-VALUE})")
    Format format;

    @Option(
            names = "--limit",
            defaultValue = "" + ReadOnlyCypher.DEFAULT_ROW_LIMIT,
            description = "at most this many rows (default: ${DEFAULT-VALUE})")
    int limit;

    @Option(
            names = "--timeout",
            defaultValue = "30",
            description = "seconds before the query is stopped (default: ${DEFAULT-VALUE})")
    int timeoutSeconds;

    @Mixin
    GraphOptions graph;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        OptionCheck.atLeast(spec, "--limit", limit, 1);
        OptionCheck.atLeast(spec, "--timeout", timeoutSeconds, 1);
        CypherResult result;
        try (GraphConnection connection = graph.open()) {
            result = new ReadOnlyCypher(connection, Duration.ofSeconds(timeoutSeconds), limit)
                    .run(query, CypherParameters.values(params));
        }
        PrintWriter out = spec.commandLine().getOut();
        switch (format) {
            case json -> out.println(new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(result));
            case csv -> printCsv(out, result);
            case table -> printTable(out, result);
        }
        out.flush();
        if (result.truncated()) {
            spec.commandLine().getErr().println("note: only the first " + limit + " rows are shown (--limit)");
        }
        return 0;
    }

    static void printCsv(PrintWriter out, CypherResult r) {
        out.println(String.join(
                ",", r.columns().stream().map(CypherCommand::csvCell).toList()));
        for (List<Object> row : r.rows()) {
            out.println(String.join(",", row.stream().map(v -> csvCell(text(v))).toList()));
        }
    }

    static void printTable(PrintWriter out, CypherResult r) {
        List<List<String>> cells = new ArrayList<>();
        cells.add(r.columns());
        for (List<Object> row : r.rows())
            cells.add(row.stream().map(CypherCommand::text).toList());
        int[] width = new int[r.columns().size()];
        for (List<String> row : cells) {
            for (int i = 0; i < width.length; i++)
                width[i] = Math.min(60, Math.max(width[i], row.get(i).length()));
        }
        for (int k = 0; k < cells.size(); k++) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < width.length; i++) {
                String c = cells.get(k).get(i);
                if (c.length() > width[i]) c = c.substring(0, width[i] - 1) + "…";
                line.append(i == 0 ? "" : " | ").append(c).append(" ".repeat(width[i] - c.length()));
            }
            out.println(line.toString().stripTrailing());
            if (k == 0) {
                StringBuilder rule = new StringBuilder();
                for (int i = 0; i < width.length; i++)
                    rule.append(i == 0 ? "" : "-+-").append("-".repeat(width[i]));
                out.println(rule);
            }
        }
        out.println("(" + r.rows().size() + " row" + (r.rows().size() == 1 ? "" : "s") + ")");
    }

    /** A cell's text: nodes as (:Label {props}), relationships as [:TYPE {props}], the rest as JSON-like text. */
    @SuppressWarnings("unchecked")
    static String text(Object v) {
        if (v == null) return "null";
        if (v instanceof Map<?, ?> m && m.containsKey("labels") && m.containsKey("properties")) {
            return "(:" + String.join(":", (List<String>) m.get("labels")) + " " + m.get("properties") + ")";
        }
        if (v instanceof Map<?, ?> m && m.containsKey("type") && m.containsKey("properties")) {
            return "[:" + m.get("type") + " " + m.get("properties") + "]";
        }
        return String.valueOf(v);
    }

    private static String csvCell(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
