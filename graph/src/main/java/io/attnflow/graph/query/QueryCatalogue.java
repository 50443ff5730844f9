package io.attnflow.graph.query;

import io.attnflow.core.query.UnknownQueryException;
import io.attnflow.graph.ClasspathFolder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The queries of {@code cypher/queries/*.cypher}, loaded verbatim: what the service runs is exactly what an analyst
 * pastes into Neo4j Browser or cypher-shell. They are packaged as classpath resources by the graph module; in
 * development {@link #fromDirectory(Path)} reads the repository's files directly.
 */
public final class QueryCatalogue {
    /** Where the queries are on the classpath. */
    public static final String RESOURCE_DIR = "cypher/queries";

    private static final Pattern PARAM = Pattern.compile("^//\\s+\\$(\\w+)\\s+(.*)$");

    private final Map<String, Query> queries;

    private QueryCatalogue(Map<String, Query> queries) {
        this.queries = Collections.unmodifiableMap(queries);
    }

    /**
     * One query file.
     *
     * @param name        the file name without {@code .cypher}
     * @param text        the file, header comment included, run as it is
     * @param description the first header line
     * @param parameters  the parameter names the header lists, in order
     */
    public record Query(String name, String text, String description, List<String> parameters) {}

    /** The queries packaged on the classpath. */
    public static QueryCatalogue load() {
        return fromDirectory(ClasspathFolder.open(RESOURCE_DIR));
    }

    /** The queries of a directory, e.g. the repository's {@code cypher/queries} while developing. */
    public static QueryCatalogue fromDirectory(Path dir) {
        Map<String, Query> map = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".cypher"))
                    .toList()) {
                String file = p.getFileName().toString();
                String name = file.substring(0, file.length() - ".cypher".length());
                map.put(name, parse(name, Files.readString(p, StandardCharsets.UTF_8)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the queries in " + dir, e);
        }
        if (map.isEmpty()) throw new IllegalStateException("no .cypher files in " + dir);
        return new QueryCatalogue(map);
    }

    static Query parse(String name, String text) {
        String first = text.lines().findFirst().orElse("");
        String description = first.replaceFirst("^//\\s*" + Pattern.quote(name) + "\\s*—\\s*", "")
                .trim();
        List<String> params = new ArrayList<>();
        boolean inParams = false;
        for (String line : text.lines().toList()) {
            if (!line.startsWith("//")) break;
            if (line.matches("^//\\s*Parameters\\s*$")) {
                inParams = true;
                continue;
            }
            if (inParams) {
                Matcher m = PARAM.matcher(line);
                if (m.matches()) params.add(m.group(1));
                else if (line.matches("^//\\s*$")) inParams = false;
            }
        }
        return new Query(name, text, description, List.copyOf(params));
    }

    /**
     * The query with this name.
     *
     * @throws UnknownQueryException listing the known names
     */
    public Query get(String name) {
        Query q = queries.get(name);
        if (q == null) throw new UnknownQueryException(name, queries.keySet());
        return q;
    }

    /** The text of the query with this name. */
    public String text(String name) {
        return get(name).text();
    }

    /** Every query, by name. */
    public Map<String, Query> all() {
        return queries;
    }
}
