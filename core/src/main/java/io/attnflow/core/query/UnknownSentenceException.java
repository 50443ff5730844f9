package io.attnflow.core.query;

/** The sentence (or pair) has not been ingested for this model. */
public final class UnknownSentenceException extends NotFoundException {
    private final String model;
    private final String sid;

    public UnknownSentenceException(String model, String sid) {
        super("sentence " + sid + " has not been ingested for model '" + model + "': ingest it first with"
                + " `attnflow ingest --model " + model + " --text \"...\" [--pair \"...\"]`");
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
