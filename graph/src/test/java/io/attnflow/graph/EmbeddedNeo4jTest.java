package io.attnflow.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
            // Browser and cypher-shell send a user and password: with auth off any pair is accepted
            try (GraphConnection browserLike = GraphConnection.connect(c.uri(), "neo4j", "anything", null);
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
