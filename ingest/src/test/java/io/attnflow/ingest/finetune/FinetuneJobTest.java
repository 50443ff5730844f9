package io.attnflow.ingest.finetune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.attnflow.core.model.ForwardResult;
import io.attnflow.core.model.SentenceInput;
import io.attnflow.ingest.AttentionModel;
import io.attnflow.ingest.LoadOptions;
import io.attnflow.ingest.ModelCatalog;
import io.attnflow.ingest.testing.HfDirWriter;
import io.attnflow.ingest.testing.HfDirWriter.Layout;
import io.attnflow.ingest.testing.SafetensorsWriter.DType;
import io.attnflow.ingest.testing.TinyBert;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code attnflow finetune} end to end on a tiny random BERT written as a Hugging Face directory: the loss goes
 * down, a label fixed by one trigger word is learnt, checkpoints are saved, the output re-opens through the
 * catalogue, and Ctrl-C (a stop request) still leaves a usable model.
 */
class FinetuneJobTest {
    @TempDir
    Path tmp;

    static final ObjectMapper JSON = new ObjectMapper();

    Path base() throws IOException {
        return HfDirWriter.write(TinyBert.random(11, 0, false), tmp.resolve("base"), Layout.BERT_MODEL, DType.F32);
    }

    static TrainSettings settings(int epochs, int maxSteps, double lr, int checkpoints) {
        return new TrainSettings(epochs, maxSteps, 16, lr, 0.1, 0.01, 1.0, 24, 5, checkpoints);
    }

    @Test
    void learnsATriggerWordAndSavesCheckpointsThatReopen() throws IOException {
        Path train = ToyCorpus.write(tmp.resolve("toy-train.tsv"), 320, 1);
        Path dev = ToyCorpus.write(tmp.resolve("toy-dev.tsv"), 100, 2);
        Path out = tmp.resolve("toy-model");
        List<String> messages = new ArrayList<>();
        FinetuneJob.Progress progress = new FinetuneJob.Progress() {
            @Override
            public void message(String line) {
                messages.add(line);
            }
        };
        FinetuneJob.Outcome o = new FinetuneJob(ModelCatalog.standard())
                .run(
                        new FinetuneJob.Request(
                                base().toString(), train, dev, 0, out, false, settings(30, 400, 1e-2, 4)),
                        progress);
        double[] losses = o.result().losses();
        assertEquals(400, losses.length);
        assertTrue(
                mean(losses, 370, 400) < 0.5 * mean(losses, 0, 30),
                "the loss went from " + mean(losses, 0, 30) + " to " + mean(losses, 370, 400));
        assertTrue(o.dev().accuracy() >= 0.95, "dev accuracy " + o.dev().accuracy());
        assertEquals(0.5, o.majority().accuracy(), 1e-9);
        assertFalse(messages.isEmpty());

        // the directory: the four files, config.json of a BertForSequenceClassification with the labels
        for (String f : List.of("config.json", "model.safetensors", "tokenizer.json", "training.json")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        JsonNode config = JSON.readTree(out.resolve("config.json").toFile());
        assertEquals(
                "BertForSequenceClassification",
                config.path("architectures").path(0).asText());
        assertEquals("no", config.path("id2label").path("0").asText());
        assertEquals(1, config.path("label2id").path("yes").asInt());
        JsonNode training = JSON.readTree(out.resolve("training.json").toFile());
        assertEquals(400, training.path("lossCurve").size());
        assertEquals(o.dev().accuracy(), training.path("dev").path("accuracy").asDouble(), 1e-6);
        assertEquals(
                io.attnflow.ingest.hf.HfModelDir.sha256(List.of(tmp.resolve("base/model.safetensors"))),
                training.path("base").path("weightsSha256").asText());
        assertEquals(64, training.path("data").path("sha256").asText().length());

        // checkpoints at 0, 1/3, 2/3 and all of the 400 steps, each a complete model directory
        List<String> steps = new ArrayList<>();
        try (Stream<Path> s = Files.list(out.resolve("checkpoints"))) {
            s.map(p -> p.getFileName().toString()).sorted().forEach(steps::add);
        }
        assertEquals(List.of("step-0", "step-133", "step-267", "step-400"), steps);
        assertEquals(o.checkpoints().size(), 4);
        try (Stream<Path> s = Files.list(tmp)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".")), "no staging left behind");
        }
        SentenceInput yes = SentenceInput.of("the red bird sat on a mat"), no = SentenceInput.of("the red cat sat");
        try (AttentionModel model = ModelCatalog.standard().open(out.toString(), LoadOptions.defaults());
                AttentionModel last = ModelCatalog.standard()
                        .open(out.resolve("checkpoints/step-400").toString(), LoadOptions.defaults());
                AttentionModel first = ModelCatalog.standard()
                        .open(out.resolve("checkpoints/step-0").toString(), LoadOptions.defaults())) {
            ForwardResult y = model.encode(yes), n = model.encode(no);
            assertTrue(y.logits()[1] > y.logits()[0], "'" + yes.text() + "' is predicted yes");
            assertTrue(n.logits()[0] > n.logits()[1], "'" + no.text() + "' is predicted no");
            assertArrayEquals(y.logits(), last.encode(yes).logits(), 1e-6f);
            float[] untrained = first.encode(yes).logits();
            assertTrue(Math.abs(untrained[0] - untrained[1]) < Math.abs(y.logits()[0] - y.logits()[1]));
        }
    }

    @Test
    void aStopRequestEndsTrainingAndStillSavesTheStateReached() throws IOException {
        Path train = ToyCorpus.write(tmp.resolve("toy.tsv"), 200, 3);
        Path out = tmp.resolve("stopped");
        FinetuneJob job = new FinetuneJob(ModelCatalog.standard());
        FinetuneJob.Progress stopAfter3 = new FinetuneJob.Progress() {
            @Override
            public void stepped(int step, int total, double loss, double perSecond) {
                if (step == 3) job.requestStop();
            }
        };
        FinetuneJob.Outcome o = job.run(
                new FinetuneJob.Request(base().toString(), train, null, 0.2, out, false, settings(5, 0, 1e-3, 3)),
                stopAfter3);
        assertTrue(o.result().interrupted());
        assertEquals(3, o.result().steps());
        JsonNode training = JSON.readTree(out.resolve("training.json").toFile());
        assertTrue(training.path("interrupted").asBoolean());
        assertEquals(3, training.path("step").asInt());
        assertTrue(Files.isDirectory(out.resolve("checkpoints/step-0")));
        try (AttentionModel model = ModelCatalog.standard().open(out.toString(), LoadOptions.defaults())) {
            assertNotNull(model.encode(SentenceInput.of("a bird")).logits());
        }
        // --force replaces the earlier fine-tune, and only at the end
        new FinetuneJob(ModelCatalog.standard())
                .run(
                        new FinetuneJob.Request(
                                base().toString(), train, null, 0.2, out, true, settings(1, 2, 1e-3, 0)),
                        new FinetuneJob.Progress() {});
        assertEquals(
                2,
                JSON.readTree(out.resolve("training.json").toFile())
                        .path("step")
                        .asInt());
        assertFalse(Files.exists(out.resolve("checkpoints/step-0")), "the old checkpoints went with the old model");
        try (Stream<Path> s = Files.list(tmp)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".")), "no staging or backup left");
        }
    }

    @Test
    void theSameSeedGivesTheSameRun() throws IOException {
        Path train = ToyCorpus.write(tmp.resolve("toy.tsv"), 64, 4);
        double[][] curves = new double[2][];
        for (int run = 0; run < 2; run++) {
            curves[run] = new FinetuneJob(ModelCatalog.standard())
                    .run(
                            new FinetuneJob.Request(
                                    base().toString(),
                                    train,
                                    null,
                                    0.25,
                                    tmp.resolve("seeded" + run),
                                    false,
                                    settings(2, 0, 1e-3, 0)),
                            new FinetuneJob.Progress() {})
                    .result()
                    .losses();
        }
        assertArrayEquals(curves[0], curves[1], 0.0);
    }

    private static double mean(double[] v, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) s += v[i];
        return s / (to - from);
    }
}
