package io.attnflow.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.driver.Session;

class EmbeddedNeo4jTest {

    @Test
    void theStoreSurvivesARestartAndAdvertisesItsBoltPortWhileOpen(@TempDir Path dir) {
        Path data = dir.resolve("data");
        try (GraphConnection c = GraphConnection.open(new GraphSettings(data, 0, null, null, null, null))) {
            int port = c.embedded().orElseThrow().boltPort();
            assertEquals(Optional.of(port), EmbeddedNeo4j.advertisedPort(data));
            assertTrue(c.description().contains("bolt://127.0.0.1:" + port), c.description());
            try (Session s = c.session()) {
                s.run("CREATE (:Probe {v: 42})").consume();
            }
            // Browser and cypher-shell log in with the password printed at start-up and kept in bolt.password
            String password = BoltPassword.read(data).orElseThrow();
            assertTrue(c.description().contains(password), c.description());
            try (GraphConnection browserLike = GraphConnection.connect(c.uri(), "neo4j", password, null);
                    Session s = browserLike.session()) {
                assertEquals(
                        1,
                        s.run("MATCH (p:Probe) RETURN count(p)").single().get(0).asInt());
            }
            // a second process-like opener attaches over Bolt instead of failing on the locked store
            try (GraphConnection other = GraphConnection.open(GraphSettings.embedded(data))) {
                assertTrue(other.embedded().isEmpty());
                assertEquals(c.uri(), other.uri());
                try (Session s = other.session()) {
                    assertEquals(
                            42,
                            s.run("MATCH (p:Probe) RETURN p.v").single().get(0).asInt());
                }
            }
        }
        assertFalse(Files.exists(data.resolve(EmbeddedNeo4j.BOLT_PORT_FILE)), "a clean close removes bolt.port");
        try (GraphConnection c = GraphConnection.open(new GraphSettings(data, 0, null, null, null, null));
                Session s = c.session()) {
            assertEquals(42, s.run("MATCH (p:Probe) RETURN p.v").single().get(0).asInt());
        }
    }

    @Test
    void boltRefusesClientsWithoutThePasswordAndTheFileIsTheOwnersOnly(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        try (GraphConnection c = GraphConnection.open(new GraphSettings(data, 0, null, null, null, null))) {
            for (String wrong : new String[] {null, "neo4j", "anything"}) {
                assertThrows(
                        GraphUnavailableException.class,
                        () -> GraphConnection.connect(c.uri(), wrong == null ? null : "neo4j", wrong, null)
                                .close(),
                        "connected with password " + wrong);
            }
            assertEquals(
                    PosixFilePermissions.fromString("rw-------"),
                    Files.getPosixFilePermissions(data.resolve(BoltPassword.FILE)));
            // LOAD CSV can read no file, not even one in the (empty) import root
            Files.writeString(data.resolve("import").resolve("x.csv"), "secret\n");
            try (Session s = c.session()) {
                RuntimeException e =
                        assertThrows(RuntimeException.class, () -> s.run("LOAD CSV FROM 'file:///x.csv' AS l RETURN l")
                                .list());
                assertTrue(e.getMessage().toLowerCase().contains("file"), e.getMessage());
            }
        }
    }

    @Test
    void aStoreCreatedWithoutAuthenticationGetsAPassword(@TempDir Path dir) {
        Path data = dir.resolve("data").toAbsolutePath();
        DatabaseManagementService old = new DatabaseManagementServiceBuilder(data)
                .setConfig(GraphDatabaseSettings.auth_enabled, false)
                .setConfig(BoltConnector.enabled, false)
                .build();
        old.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME).executeTransactionally("CREATE (:Old {v: 7})");
        old.shutdown();
        assertFalse(Files.exists(data.resolve(BoltPassword.FILE)));
        try (GraphConnection c = GraphConnection.open(new GraphSettings(data, 0, null, null, null, null));
                GraphConnection browserLike = GraphConnection.connect(
                        c.uri(), "neo4j", BoltPassword.read(data).orElseThrow(), null);
                Session s = browserLike.session()) {
            assertEquals(7, s.run("MATCH (o:Old) RETURN o.v").single().get(0).asInt());
        }
    }

    @Test
    void anExplicitBusyBoltPortIsAnErrorNamingIt(@TempDir Path dir) throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = busy.getLocalPort();
            GraphUnavailableException e = assertThrows(
                    GraphUnavailableException.class,
                    () -> GraphConnection.open(new GraphSettings(dir.resolve("data"), port, null, null, null, null)));
            assertTrue(e.getMessage().contains("Bolt port " + port), e.getMessage());
            assertTrue(e.getMessage().contains("in use"), e.getMessage());
        }
    }

    @Test
    void thePageCacheSizeUsesNeo4jsByteSyntax() {
        String old = System.getProperty("attnflow.pagecache");
        try {
            System.setProperty("attnflow.pagecache", "256m");
            assertEquals(256L << 20, EmbeddedNeo4j.pageCacheBytes());
            System.setProperty("attnflow.pagecache", "1GiB");
            assertEquals(1L << 30, EmbeddedNeo4j.pageCacheBytes());
            System.setProperty("attnflow.pagecache", "lots");
            GraphUnavailableException e = assertThrows(GraphUnavailableException.class, EmbeddedNeo4j::pageCacheBytes);
            assertTrue(e.getMessage().contains("lots"), e.getMessage());
        } finally {
            if (old == null) System.clearProperty("attnflow.pagecache");
            else System.setProperty("attnflow.pagecache", old);
        }
    }

    @Test
    void aStalePortFileFromAKilledProcessIsIgnored(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        Files.writeString(data.resolve(EmbeddedNeo4j.BOLT_PORT_FILE), "1\n");
        try (GraphConnection c = GraphConnection.open(new GraphSettings(data, 0, null, null, null, null))) {
            assertTrue(c.embedded().isPresent());
        }
    }

    @Test
    void anUnreachableServerIsReportedWithItsUri() {
        GraphUnavailableException e = assertThrows(
                GraphUnavailableException.class,
                () -> GraphConnection.open(GraphSettings.external("bolt://127.0.0.1:1", "neo4j", "x", null)));
        assertTrue(e.getMessage().contains("bolt://127.0.0.1:1"), e.getMessage());
        assertTrue(e.getMessage().toLowerCase().contains("connect"), e.getMessage());
    }
}
