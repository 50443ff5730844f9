package io.attnflow.core.query;

/** The sentence (or pair) has not been ingested for this model. */
public final class UnknownSentenceException extends NotFoundException {
    private final String model;
    private final String sid;

    public UnknownSentenceException(String model, String sid) {
        super("sentence " + sid + " has not been ingested for model '" + model + "': ingest it first, in the web UI,"
                + " with POST /api/models/" + model
                + "/sentences {\"text\": \"...\"}, or with `attnflow ingest --model "
                + model + " --corpus FILE` (a .txt file, one sentence per line)");
        this.model = model;
        this.sid = sid;
    }

    public String model() {
        return model;
    }

    public String sid() {
        return sid;
    }
}
