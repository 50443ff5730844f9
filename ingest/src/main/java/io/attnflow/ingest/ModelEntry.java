package io.attnflow.ingest;

/**
 * A model the catalog can open, as listed by {@code attnflow models}.
 *
 * @param id          what to pass to {@link ModelCatalog#open}
 * @param description origin, e.g. the Hugging Face name and the jar or directory it comes from
 * @param source      {@code bundled}, {@code tf-checkpoint}, {@code hf-dir} or {@code hf-cache}
 * @param layers      L
 * @param heads       H
 * @param hidden      hidden size
 */
public record ModelEntry(String id, String description, String source, int layers, int heads, int hidden) {}
