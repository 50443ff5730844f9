package io.attnflow.bench;

import io.attnflow.core.query.CypherParameters;
import io.attnflow.graph.GraphConnection;
import io.attnflow.graph.GraphSettings;
import io.attnflow.graph.query.AttentionQueries;
import io.attnflow.graph.query.QueryCatalogue;
import io.attnflow.graph.query.QueryRows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code attnflow-bench bench-analyst}: the time of every {@code cypher/queries/analyst_*} query on an existing
 * store, run as the API runs it (the read-only runner, its timeout), with the parameters of the file's own
 * "Example" block and the models named on the command line in place of the example's.
 */
@Command(
        name = "bench-analyst",
        mixinStandardHelpOptions = true,
        description = "Time every analyst_* catalogue query on an existing store; prints medians.")
final class BenchAnalystCommand implements Callable<Integer> {
    private static final Pattern PARAM = Pattern.compile("^//\\s+:param\\s+(\\w+)\\s*=>\\s*(.+?);\\s*$");

    @Option(names = "--store", required = true, description = "the store directory (an attnflow --data-dir)")
    Path store;

    @Option(names = "--model", required = true, description = "replaces the examples' $model and $modelB")
    String model;

    @Option(names = "--base", description = "replaces the examples' $modelA (default: --model)")
    String base;

    @Option(names = "--runs", defaultValue = "3", description = "timed runs per query, after one warm-up")
    int runs;

    @Option(
            names = "--query",
            paramLabel = "NAME",
            description = "time this catalogue query (repeatable) instead of every analyst_* one, e.g. head_behaviour")
    List<String> only = new ArrayList<>();

    @Option(
            names = {"-p", "--param"},
            paramLabel = "NAME=VALUE",
            description = "overrides an example parameter, typed as `attnflow cypher -p` types it (e.g. sid=null)")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        if (!Files.isDirectory(store)) throw new IllegalArgumentException("no store at " + store);
        try (GraphConnection connection = GraphConnection.open(new GraphSettings(store, 0, null, null, null, null))) {
            AttentionQueries queries = AttentionQueries.of(connection);
            out.println("| query | rows | p50 ms | max ms |");
            out.println("| --- | --- | --- | --- |");
            List<QueryCatalogue.Query> timed = only.isEmpty()
                    ? queries.analystQueries()
                    : only.stream().map(queries.catalogue()::get).toList();
            for (QueryCatalogue.Query q : timed) {
                Map<String, Object> params = exampleParameters(q.text());
                if (params.containsKey("model")) params.put("model", model);
                if (params.containsKey("modelB")) params.put("modelB", model);
                if (params.containsKey("modelA")) params.put("modelA", base == null ? model : base);
                params.putAll(CypherParameters.values(overrides));
                out.println(row(queries, q.name(), params));
                out.flush();
            }
        }
        return 0;
    }

    private String row(AttentionQueries queries, String name, Map<String, Object> params) {
        try {
            QueryRows warm = queries.run(name, params);
            List<Double> ms = new ArrayList<>();
            for (int r = 0; r < runs; r++) {
                long t0 = System.nanoTime();
                queries.run(name, params);
                ms.add((System.nanoTime() - t0) / 1e6);
            }
            Collections.sort(ms);
            return String.format(
                    Locale.ROOT,
                    "| %s | %d%s | %.0f | %.0f |",
                    name,
                    warm.rows().size(),
                    warm.truncated() ? " (truncated)" : "",
                    ms.get(ms.size() / 2),
                    ms.get(ms.size() - 1));
        } catch (RuntimeException e) {
            return "| " + name + " | failed: "
                    + e.getMessage().lines().findFirst().orElse("") + " | – | – |";
        }
    }

    /** The {@code :param name => value;} lines of a catalogue file's header: strings, integers, decimals and null. */
    static Map<String, Object> exampleParameters(String text) {
        Map<String, Object> params = new HashMap<>();
        for (String line : text.lines().toList()) {
            Matcher m = PARAM.matcher(line);
            if (!m.matches()) continue;
            String v = m.group(2).trim();
            Object value;
            if (v.startsWith("'") && v.endsWith("'")) value = v.substring(1, v.length() - 1);
            else if (v.equals("null")) value = null;
            else if (v.matches("-?\\d+")) value = Long.parseLong(v);
            else value = Double.parseDouble(v);
            params.put(m.group(1), value);
        }
        return params;
    }
}
