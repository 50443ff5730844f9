package io.attnflow.api.ingest;

import io.attnflow.core.model.SentenceInput;
import java.util.List;

/**
 * Encodes sentences with a model and stores them in the graph. The API only defines it: the app implements it by
 * wiring the model runtime to the graph writer, so this module needs neither.
 */
public interface SentenceIngestor {
    /**
     * Ingests each input with the model, replacing earlier runs of the same sentence.
     *
     * @return one entry per input, in order
     * @throws io.attnflow.core.query.UnknownModelException when the model cannot be loaded
     * @throws io.attnflow.core.query.InvalidInputException for an input the model cannot take (the message says why)
     */
    List<IngestedSentence> ingest(String model, List<SentenceInput> inputs);

    /**
     * One stored sentence.
     *
     * @param model     the model id
     * @param sid       the sentence id, for the other endpoints
     * @param text      sentence A
     * @param textB     sentence B, or null
     * @param n         the number of tokens
     * @param truncated true when the input was cut to the model's maximum length
     */
    record IngestedSentence(String model, String sid, String text, String textB, int n, boolean truncated) {}
}
