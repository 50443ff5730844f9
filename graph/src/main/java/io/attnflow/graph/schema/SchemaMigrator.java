package io.attnflow.graph.schema;

import io.attnflow.graph.ClasspathFolder;
import io.attnflow.graph.GraphConnection;
import io.attnflow.graph.GraphErrors;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.neo4j.driver.Session;

/**
 * Applies {@code cypher/schema/NNN_name.cypher} in order of NNN, each once: the applied versions are recorded as
 * {@code (:SchemaMigration {version, name, appliedAt})} nodes. The statements themselves use {@code IF NOT EXISTS},
 * so a migration interrupted half-way is simply applied again.
 */
public final class SchemaMigrator {
    /** Where the migrations are on the classpath (the repository's {@code cypher/schema}, packaged by graph). */
    public static final String RESOURCE_DIR = "cypher/schema";

    private static final Pattern FILE_NAME = Pattern.compile("(\\d{3})_([A-Za-z0-9_\\-]+)\\.cypher");

    private SchemaMigrator() {}

    /** One migration file. */
    public record Migration(int version, String name, List<String> statements) {}

    /** Applies the migrations not yet recorded in the graph and returns their versions. */
    public static List<Integer> apply(GraphConnection connection) {
        List<Migration> migrations = load();
        return GraphErrors.guard("applying the schema migrations", () -> applyAll(connection, migrations));
    }

    private static List<Integer> applyAll(GraphConnection connection, List<Migration> migrations) {
        List<Integer> applied = new ArrayList<>();
        try (Session session = connection.session()) {
            Set<Integer> done =
                    session
                            .run("MATCH (m:SchemaMigration) RETURN m.version AS v")
                            .list(r -> r.get("v").asInt())
                            .stream()
                            .collect(Collectors.toSet());
            for (Migration m : migrations) {
                if (done.contains(m.version())) continue;
                for (String statement : m.statements()) {
                    session.run(statement).consume(); // schema commands need their own auto-commit transaction
                }
                session.run("CALL db.awaitIndexes(300)").consume();
                session.run(
                                "MERGE (m:SchemaMigration {version: $v}) SET m.name = $name, m.appliedAt = datetime()",
                                Map.of("v", m.version(), "name", m.name()))
                        .consume();
                applied.add(m.version());
            }
        }
        return applied;
    }

    /** The migrations on the classpath, ordered by version. */
    public static List<Migration> load() {
        List<Migration> list = new ArrayList<>();
        for (String file : listFiles()) {
            Matcher m = FILE_NAME.matcher(file);
            if (!m.matches()) continue;
            list.add(new Migration(
                    Integer.parseInt(m.group(1)), m.group(2), statements(read(RESOURCE_DIR + "/" + file))));
        }
        list.sort((a, b) -> Integer.compare(a.version(), b.version()));
        for (int i = 1; i < list.size(); i++) {
            if (list.get(i).version() == list.get(i - 1).version()) {
                throw new IllegalStateException(
                        "two schema migrations share version " + list.get(i).version());
            }
        }
        return list;
    }

    /** Splits a file into statements at semicolons that end a line; {@code //} comment lines are dropped. */
    public static List<String> statements(String text) {
        String withoutComments =
                text.lines().filter(line -> !line.strip().startsWith("//")).collect(Collectors.joining("\n"));
        List<String> out = new ArrayList<>();
        for (String part : withoutComments.split(";\\s*(\\n|$)")) {
            if (!part.isBlank()) out.add(part.strip());
        }
        return out;
    }

    private static List<String> listFiles() {
        try {
            return names(ClasspathFolder.open(RESOURCE_DIR));
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + RESOURCE_DIR + ": " + e.getMessage(), e);
        }
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static String read(String resource) {
        try (InputStream in = SchemaMigrator.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException(resource + " is missing from the classpath");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
