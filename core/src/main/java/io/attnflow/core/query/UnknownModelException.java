package io.attnflow.core.query;

/** No model with this id has been ingested. */
public final class UnknownModelException extends NotFoundException {
    private final String model;

    public UnknownModelException(String model) {
        super("unknown model '" + model + "': list the ingested models with `attnflow models`, or ingest one with"
                + " `attnflow ingest --model " + model + " --corpus FILE`");
        this.model = model;
    }

    public String model() {
        return model;
    }
}
