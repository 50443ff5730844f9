package io.attnflow.api;

import io.attnflow.api.ingest.SentenceIngestor;
import io.attnflow.graph.cypher.ReadOnlyCypher;
import io.attnflow.graph.heads.HeadGraphService;
import io.attnflow.graph.query.AttentionQueries;
import io.attnflow.graph.read.GraphReader;

/**
 * What the API serves from: graph-module services (created by the app, passed in here) and the ingest port the
 * app implements.
 *
 * @param probe    answers while the database is reachable
 * @param reader   stored models, sentences, tokens and attention
 * @param queries  traces, heads, comparisons and named queries (tasks T1–T3)
 * @param cypher   the analysts' read-only Cypher runner (timeout and row limit set by its creator)
 * @param ingestor encodes and stores sentences, or null when the server runs without a model runtime
 * @param heads    builds and reads the head graph, or null (its routes then answer 503)
 */
public record ApiServices(
        DatabaseProbe probe,
        GraphReader reader,
        AttentionQueries queries,
        ReadOnlyCypher cypher,
        SentenceIngestor ingestor,
        HeadGraphService heads) {

    /** Without the head graph. */
    public ApiServices(
            DatabaseProbe probe,
            GraphReader reader,
            AttentionQueries queries,
            ReadOnlyCypher cypher,
            SentenceIngestor ingestor) {
        this(probe, reader, queries, cypher, ingestor, null);
    }
}
