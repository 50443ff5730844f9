package io.attnflow.app;

import io.attnflow.graph.GraphConnection;
import io.attnflow.graph.GraphSettings;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Where the graph is, shared by every command that uses it ({@code @Mixin GraphOptions graph;}): the embedded
 * store in {@code --data-dir} (default {@code ./data}), or an external server with {@code --neo4j-uri}. When both
 * are given, the URI wins.
 */
public final class GraphOptions {
    @Option(
            names = "--data-dir",
            defaultValue = "data",
            paramLabel = "DIR",
            description = "the embedded Neo4j store (default: ${DEFAULT-VALUE}); if an attnflow process already runs"
                    + " it, this one connects to it over Bolt")
    Path dataDir;

    @Option(
            names = "--bolt-port",
            paramLabel = "PORT",
            description = "Bolt port of the embedded store on 127.0.0.1: exactly this port, an error when it is busy"
                    + " (0 = any free port; without the option: 7687 or the next free one)")
    Integer boltPort;

    @Option(
            names = "--neo4j-uri",
            defaultValue = "${env:NEO4J_URI}",
            paramLabel = "URI",
            description = "an external Neo4j instead of the embedded store: bolt://host:7687, neo4j://host (cluster),"
                    + " neo4j+s://xxxx.databases.neo4j.io (Aura) (env NEO4J_URI)")
    String uri;

    @Option(
            names = "--neo4j-user",
            defaultValue = "${env:NEO4J_USERNAME:-neo4j}",
            paramLabel = "USER",
            description = "user for --neo4j-uri (env NEO4J_USERNAME, default neo4j)")
    String user;

    @Option(
            names = "--neo4j-password",
            defaultValue = "${env:NEO4J_PASSWORD}",
            paramLabel = "PASSWORD",
            description = "password for --neo4j-uri (env NEO4J_PASSWORD; prefer the environment to the flag)")
    String password;

    @Option(
            names = "--neo4j-database",
            defaultValue = "${env:NEO4J_DATABASE}",
            paramLabel = "NAME",
            description = "database on the external server (env NEO4J_DATABASE; default: the server's default)")
    String database;

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    /** The settings these options describe. */
    public GraphSettings settings() {
        if (uri != null && !uri.isBlank()) {
            return new GraphSettings(null, boltPort(), uri.trim(), user, password, database);
        }
        return new GraphSettings(dataDir, boltPort(), null, null, null, null);
    }

    /** Opens the graph (and applies the schema); the caller closes it. */
    public GraphConnection open() {
        return GraphConnection.open(settings());
    }

    private int boltPort() {
        if (boltPort == null) return GraphSettings.AUTO_BOLT_PORT;
        OptionCheck.port(mixee, "--bolt-port", boltPort);
        return boltPort;
    }

    public Path dataDir() {
        return dataDir;
    }
}
