package io.attnflow.ingest.hf;

import io.attnflow.ingest.weights.LoadedWeights;
import io.attnflow.ingest.weights.ModelLoadException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The local Hugging Face hub cache ({@code models--ORG--NAME/snapshots/<revision>/}), located like
 * {@code huggingface_hub} does: {@code HF_HUB_CACHE}, then {@code HUGGINGFACE_HUB_CACHE}, then {@code HF_HOME/hub},
 * then {@code XDG_CACHE_HOME/huggingface/hub}, then {@code ~/.cache/huggingface/hub}. A model id such as
 * {@code textattack/bert-base-uncased-SST-2} (optionally {@code @revision}) resolves to the snapshot that
 * {@code refs/main} points at, or else to the newest snapshot, which is then loaded as a {@link HfModelDir}.
 * Nothing is downloaded.
 */
public final class HfHubCache {
    private static final Pattern MODEL_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)?");

    private final Path root;

    public HfHubCache(Path root) {
        this.root = root;
    }

    /** The cache this process would use, from its environment and {@code user.home}. */
    public static HfHubCache fromEnvironment() {
        return new HfHubCache(locate(System.getenv(), Path.of(System.getProperty("user.home"))));
    }

    /** The cache directory that {@code env} and {@code home} select (it need not exist). */
    public static Path locate(Map<String, String> env, Path home) {
        for (String key : List.of("HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE")) {
            String v = env.get(key);
            if (v != null && !v.isBlank()) return Path.of(v);
        }
        String hfHome = env.get("HF_HOME");
        if (hfHome != null && !hfHome.isBlank()) return Path.of(hfHome, "hub");
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) return Path.of(xdg, "huggingface", "hub");
        return home.resolve(".cache").resolve("huggingface").resolve("hub");
    }

    public Path root() {
        return root;
    }

    /** True when {@code spec} has the shape of a hub model id ({@code org/name} or {@code name}, optional {@code @rev}). */
    public static boolean isModelId(String spec) {
        int at = spec.indexOf('@');
        return MODEL_ID.matcher(at < 0 ? spec : spec.substring(0, at)).matches();
    }

    /** The snapshot directory of {@code spec} ({@code org/name[@revision]}), if the cache holds it. */
    public Optional<Path> snapshot(String spec) {
        int at = spec.indexOf('@');
        String id = at < 0 ? spec : spec.substring(0, at);
        String revision = at < 0 ? "main" : spec.substring(at + 1);
        Path repo = root.resolve("models--" + id.replace("/", "--"));
        Path snapshots = repo.resolve("snapshots");
        if (!Files.isDirectory(snapshots)) return Optional.empty();
        try {
            Path ref = repo.resolve("refs").resolve(revision);
            if (Files.isRegularFile(ref)) {
                Path s = snapshots.resolve(Files.readString(ref).trim());
                if (Files.isDirectory(s)) return Optional.of(s);
            }
            if (at >= 0) { // an explicit commit hash
                Path s = snapshots.resolve(revision);
                return Files.isDirectory(s) ? Optional.of(s) : Optional.empty();
            }
            try (Stream<Path> dirs = Files.list(snapshots)) {
                return dirs.filter(Files::isDirectory).max(Comparator.comparing(HfHubCache::modified));
            }
        } catch (IOException e) {
            throw new ModelLoadException("cannot read the Hugging Face cache at " + repo + ": " + e.getMessage(), e);
        }
    }

    /** Loads model {@code spec} from the cache, or fails naming where it looked. */
    public LoadedWeights load(String spec) {
        Path dir = snapshot(spec)
                .orElseThrow(() -> new ModelLoadException("model '" + spec + "' is not in the Hugging Face cache at "
                        + root + " (looked for "
                        + root.resolve("models--" + spec.replaceAll("@.*", "").replace("/", "--"))
                        + "/snapshots); fetch it where there is internet with `huggingface-cli download "
                        + spec.replaceAll("@.*", "") + "` and copy the cache, or set HF_HOME / HF_HUB_CACHE"));
        return HfModelDir.load(dir, spec, spec + " (Hugging Face cache)", "hf-cache");
    }

    /** The model ids in the cache that have a snapshot with a config.json. */
    public List<String> modelIds() {
        if (!Files.isDirectory(root)) return List.of();
        List<String> ids = new ArrayList<>();
        try (Stream<Path> repos = Files.list(root)) {
            repos.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("models--"))
                    .sorted()
                    .forEach(n -> {
                        String id = n.substring("models--".length()).replace("--", "/");
                        if (snapshot(id).map(HfModelDir::looksLikeModelDir).orElse(false)) ids.add(id);
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ids;
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
