package io.attnflow.ingest.hf;

import io.attnflow.ingest.LoadOptions;
import io.attnflow.ingest.ModelEntry;
import io.attnflow.ingest.ModelResolver;
import io.attnflow.ingest.ResolvedModel;
import io.attnflow.ingest.weights.ModelLoadException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code --model PATH}: a local Hugging Face model directory ({@link HfModelDir}). It claims every existing
 * directory, and every argument spelled as a path ({@code /…}, {@code ./…}, {@code ../…}, {@code ~/…}) so that a
 * mistyped path is reported as missing rather than as an unknown model id.
 */
public final class HfDirResolver implements ModelResolver {
    @Override
    public Optional<ResolvedModel> resolve(String idOrPath, LoadOptions options) {
        Path dir;
        try {
            dir = expandHome(idOrPath.trim());
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
        if (Files.isDirectory(dir)) {
            Path abs = dir.toAbsolutePath().normalize();
            String id = abs.getFileName() == null
                    ? abs.toString()
                    : abs.getFileName().toString();
            return Optional.of(ResolvedModel.of(HfModelDir.load(abs, id, abs.toString(), "hf-dir")));
        }
        if (spelledAsPath(idOrPath.trim())) {
            throw new ModelLoadException(
                    "model directory " + dir.toAbsolutePath().normalize() + " does not exist");
        }
        return Optional.empty();
    }

    @Override
    public List<ModelEntry> list() {
        return List.of(); // any directory will do; there is nothing to enumerate
    }

    @Override
    public String accepts() {
        return "a Hugging Face model directory (config.json + model.safetensors + tokenizer.json or vocab.txt)";
    }

    private static boolean spelledAsPath(String s) {
        return s.startsWith("/") || s.startsWith("./") || s.startsWith("../") || s.startsWith("~") || s.equals(".");
    }

    private static Path expandHome(String s) {
        if (s.equals("~") || s.startsWith("~/")) return Path.of(System.getProperty("user.home") + s.substring(1));
        return Path.of(s);
    }
}
