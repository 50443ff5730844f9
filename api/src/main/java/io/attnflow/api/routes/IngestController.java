package io.attnflow.api.routes;

import io.attnflow.api.error.ApiErrors;
import io.attnflow.api.error.BadRequestException;
import io.attnflow.api.error.ErrorResponse;
import io.attnflow.api.error.ServiceUnavailableException;
import io.attnflow.api.ingest.SentenceIngestor;
import io.attnflow.api.ingest.SentenceIngestor.IngestedSentence;
import io.attnflow.core.model.SentenceInput;
import io.javalin.http.Context;
import java.util.List;

/** POST ingest of one sentence or pair, or a small batch; large corpora go through {@code attnflow ingest}. */
public final class IngestController {
    private final SentenceIngestor ingestor;
    private final int batchLimit;

    public IngestController(SentenceIngestor ingestor, int batchLimit) {
        this.ingestor = ingestor;
        this.batchLimit = batchLimit;
    }

    /**
     * One sentence, or a pair when {@code textB} is given.
     *
     * @param text   sentence A
     * @param textB  sentence B of a pair, or null
     * @param corpus a corpus name to file it under, or null
     * @param label  a gold label, or null
     */
    public record SentenceBody(String text, String textB, String corpus, String label) {
        SentenceInput toInput() {
            if (text == null || text.isBlank()) {
                throw new BadRequestException("text", "text is required: the sentence (sentence A of a pair)");
            }
            requireWords("text", text);
            if (textB != null) requireWords("textB", textB);
            return new SentenceInput(text, textB, corpus, label);
        }

        /** Text of only control, format (zero-width) or space characters would be stored as just [CLS] [SEP]. */
        private static void requireWords(String field, String value) {
            boolean visible = value.codePoints()
                    .anyMatch(c -> !Character.isWhitespace(c)
                            && !Character.isSpaceChar(c)
                            && Character.getType(c) != Character.CONTROL
                            && Character.getType(c) != Character.FORMAT
                            && Character.getType(c) != Character.UNASSIGNED);
            if (!visible) {
                throw new BadRequestException(
                        field,
                        field + " has no words: it holds only spaces, control or zero-width characters;"
                                + " send the sentence's text");
            }
        }
    }

    /** Several sentences for one model. */
    public record BatchBody(List<SentenceBody> sentences) {}

    /** What a batch stored, in request order. */
    public record BatchResult(String model, int count, List<IngestedSentence> sentences) {}

    public void one(Context ctx) {
        String model = Params.MODEL.get(ctx);
        SentenceInput input = Bodies.read(ctx, SentenceBody.class).toInput();
        ctx.json(run(model, List.of(input)).get(0));
    }

    public void batch(Context ctx) {
        String model = Params.MODEL.get(ctx);
        BatchBody body = Bodies.read(ctx, BatchBody.class);
        if (body.sentences() == null || body.sentences().isEmpty()) {
            throw new BadRequestException("sentences", "sentences is required: a non-empty list of {text, textB?}");
        }
        if (body.sentences().size() > batchLimit) {
            ApiErrors.send(
                    ctx,
                    ErrorResponse.of(
                            413,
                            "batch_too_large",
                            body.sentences().size() + " sentences in one request; the limit is " + batchLimit
                                    + ". Split the batch, or ingest a corpus with `attnflow ingest`."));
            return;
        }
        List<SentenceInput> inputs =
                body.sentences().stream().map(SentenceBody::toInput).toList();
        List<IngestedSentence> stored = run(model, inputs);
        ctx.json(new BatchResult(model, stored.size(), stored));
    }

    private List<IngestedSentence> run(String model, List<SentenceInput> inputs) {
        if (ingestor == null) {
            throw new ServiceUnavailableException(
                    "this server runs without a model runtime and cannot ingest; use `attnflow ingest` or `attnflow serve`");
        }
        // an input the model cannot take (e.g. longer than its maximum) raises InvalidInputException: 400
        return ingestor.ingest(model, inputs);
    }
}
