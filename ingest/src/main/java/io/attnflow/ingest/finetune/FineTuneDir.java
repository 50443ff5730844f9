package io.attnflow.ingest.finetune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.attnflow.ingest.weights.ModelLoadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A directory {@code attnflow finetune} wrote, read back for ingest: the final model in {@code DIR} and its
 * checkpoints in {@code DIR/checkpoints/step-N}, each a complete Hugging Face directory with a {@code training.json}
 * naming the base. Each becomes its own model in the graph: {@code NAME@stepN} for a checkpoint and {@code
 * NAME@final} for the final state, NAME being the directory's name. A checkpoint at the final model's own step holds
 * the same state as the final model and is left out. A checkpoint directory given alone is one model, {@code
 * NAME@stepN} with NAME its fine-tune's directory.
 *
 * @param base       the base model's id, as training.json names it
 * @param baseSha256 the base's weights hash, as training.json records it (null if absent)
 * @param states     the states to ingest, in step order (the final one last)
 */
public record FineTuneDir(String base, String baseSha256, List<State> states) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One saved state of a fine-tune.
     *
     * @param dir  its Hugging Face directory
     * @param id   the model id it is stored under
     * @param step the number of training steps behind it
     */
    public record State(Path dir, String id, int step) {}

    /** True when {@code dir} is a directory with a {@code training.json}, i.e. written by {@code attnflow finetune}. */
    public static boolean isFineTune(Path dir) {
        return Files.isRegularFile(dir.resolve("training.json"));
    }

    /**
     * Reads the layout.
     *
     * @throws ModelLoadException in one line when training.json is unreadable or names no base, or a state lacks
     *     one of its files
     */
    public static FineTuneDir read(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        JsonNode training = training(abs);
        String base = text(training.path("base").path("id"));
        if (base == null) {
            throw new ModelLoadException(abs.resolve("training.json") + " names no base model (base.id)");
        }
        String sha = text(training.path("base").path("weightsSha256"));
        int finalStep = training.path("step").asInt(-1);
        List<State> states = new ArrayList<>();
        boolean isCheckpoint = abs.getParent() != null
                && abs.getParent().getFileName() != null
                && abs.getParent().getFileName().toString().equals("checkpoints")
                && abs.getFileName().toString().startsWith("step-");
        if (isCheckpoint) {
            String name = abs.getParent().getParent().getFileName().toString();
            states.add(state(abs, name + "@step" + finalStep, finalStep));
            return new FineTuneDir(base, sha, List.copyOf(states));
        }
        String name = abs.getFileName().toString();
        for (Path c : checkpoints(abs)) {
            int step = training(c).path("step").asInt(-1);
            if (step != finalStep) states.add(state(c, name + "@step" + step, step));
        }
        states.sort(Comparator.comparingInt(State::step));
        states.add(state(abs, name + "@final", finalStep));
        return new FineTuneDir(base, sha, List.copyOf(states));
    }

    private static List<Path> checkpoints(Path dir) {
        Path root = dir.resolve("checkpoints");
        if (!Files.isDirectory(root)) return List.of();
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(p ->
                            Files.isDirectory(p) && p.getFileName().toString().startsWith("step-"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new ModelLoadException("cannot list " + root + ": " + e.getMessage(), e);
        }
    }

    private static State state(Path dir, String id, int step) {
        for (String file : List.of("config.json", "model.safetensors", "tokenizer.json")) {
            if (!Files.isRegularFile(dir.resolve(file))) {
                throw new ModelLoadException("the fine-tune state " + dir + " has no " + file
                        + ": it is incomplete; write it again with attnflow finetune");
            }
        }
        if (step < 0) throw new ModelLoadException(dir.resolve("training.json") + " has no step");
        return new State(dir, id, step);
    }

    private static JsonNode training(Path dir) {
        Path file = dir.resolve("training.json");
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode()
                ? null
                : Optional.of(n.asText()).filter(s -> !s.isBlank()).orElse(null);
    }
}
