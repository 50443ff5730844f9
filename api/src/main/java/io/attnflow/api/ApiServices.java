package io.attnflow.api;

import io.attnflow.api.ingest.SentenceIngestor;

/**
 * What the API serves from: graph-module services (passed in, never created here) and the ingest port the app
 * implements.
 *
 * @param probe    answers while the database is reachable
 * @param ingestor encodes and stores sentences, or null when the server runs without a model runtime
 */
public record ApiServices(DatabaseProbe probe, SentenceIngestor ingestor) {}
