package io.attnflow.graph.read;

import io.attnflow.core.model.Prediction;
import io.attnflow.core.model.StoredWeights;
import io.attnflow.graph.read.GraphReader.FineTunedFrom;
import io.attnflow.graph.read.GraphReader.ModelPrediction;
import io.attnflow.graph.read.GraphReader.StoredModel;
import io.attnflow.graph.read.GraphReader.StoredSentence;
import io.attnflow.graph.read.GraphReader.StoredToken;
import java.util.ArrayList;
import org.neo4j.driver.Record;
import org.neo4j.driver.Value;

/**
 * Turns the rows {@link GraphReader}'s queries return into its records, with the defaults for properties that
 * older stores lack (e.g. {@code Model.scale}, {@code Token.marked}).
 */
final class StoredRows {
    private StoredRows() {}

    static StoredModel model(Record r) {
        Value m = r.get("m");
        return new StoredModel(
                m.get("id").asString(),
                m.get("name").asString(null),
                m.get("architecture").asString(null),
                m.get("layers").asInt(0),
                m.get("heads").asInt(0),
                m.get("hidden").asInt(0),
                m.get("vocabSize").asInt(0),
                m.get("maxPositions").asInt(0),
                m.get("source").asString(null),
                m.get("weightsSha256").asString(null),
                m.get("floor").asDouble(StoredWeights.DEFAULT_FLOOR),
                m.get("scale").asInt(StoredWeights.LEGACY_SCALE),
                r.get("sentences").asLong(),
                m.get("labels").isNull() ? null : m.get("labels").asList(Value::asString),
                r.get("base").isNull()
                        ? null
                        : new FineTunedFrom(
                                r.get("base").get("model").asString(),
                                r.get("base").get("step").asInt(0)));
    }

    static StoredSentence sentence(Record r) {
        Value s = r.get("s");
        return new StoredSentence(
                s.get("id").asString(),
                s.get("text").asString(),
                s.get("textB").asString(null),
                s.get("corpus").asString(null),
                s.get("label").asString(null),
                new ArrayList<>(r.get("models").asList(Value::asString)),
                r.get("predictions").asList(p -> {
                    Prediction stored = Prediction.ofStored(
                            p.get("labels").asList(Value::asString),
                            p.get("probabilities").asList(Value::asDouble),
                            p.get("label").asString(),
                            s.get("label").asString(null));
                    return new ModelPrediction(
                            p.get("model").asString(), stored.label(), stored.probabilities(), stored.correct());
                }));
    }

    static StoredToken token(Value t) {
        return new StoredToken(
                t.get("pos").asInt(),
                t.get("text").asString(),
                t.get("special").asBoolean(false),
                t.get("wordPiece").asBoolean(false),
                t.get("type").asInt(0),
                t.get("start").asInt(-1),
                t.get("end").asInt(-1),
                t.get("rollout").asDouble(0),
                t.get("attentionFlow").isNull() ? null : t.get("attentionFlow").asDouble(),
                t.get("marked").asBoolean(false));
    }
}
