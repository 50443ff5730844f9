package io.attnflow.app;

import io.attnflow.graph.GraphConnection;
import io.attnflow.graph.write.ModelLinks;
import io.attnflow.ingest.AttentionModel;
import io.attnflow.ingest.LoadOptions;
import io.attnflow.ingest.ModelCatalog;
import io.attnflow.ingest.finetune.FineTuneDir;
import io.attnflow.ingest.weights.ModelLoadException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The models that {@code --model} arguments stand for: a model id or path is itself; a directory written by
 * {@code attnflow finetune} is its base, then each checkpoint and the final state as models of their own
 * ({@code NAME@stepN}, {@code NAME@final}: {@link FineTuneDir}), each linked to the base by {@code FINE_TUNED_FROM}.
 */
final class IngestTargets {
    /**
     * One model to ingest.
     *
     * @param open  what the catalogue opens (id or path)
     * @param id    the id to store it under, or null for the model's own
     * @param base  the base model id for a fine-tune state, else null
     * @param step  training steps from the base (for a fine-tune state)
     */
    record Target(String open, String id, String base, String baseSha256, int step) {
        static Target plain(String open) {
            return new Target(open, null, null, null, 0);
        }

        AttentionModel open(ModelCatalog catalog, LoadOptions options) {
            return id == null ? catalog.open(open, options) : catalog.openAs(open, id, options);
        }
    }

    private IngestTargets() {}

    /** The targets of the arguments, in order, each model once (a base shared by several fine-tunes comes first). */
    static List<Target> of(List<String> models) {
        Map<String, Target> targets = new LinkedHashMap<>();
        for (String m : models) {
            Path dir = asDir(m);
            if (dir == null || !FineTuneDir.isFineTune(dir)) {
                targets.putIfAbsent(m, Target.plain(m));
                continue;
            }
            FineTuneDir ft = FineTuneDir.read(dir);
            targets.putIfAbsent(ft.base(), Target.plain(ft.base()));
            for (FineTuneDir.State s : ft.states()) {
                targets.putIfAbsent(
                        s.id(), new Target(s.dir().toString(), s.id(), ft.base(), ft.baseSha256(), s.step()));
            }
        }
        return new ArrayList<>(targets.values());
    }

    /**
     * Opens a target's model. For a base named by a fine-tune's training.json, a base this machine cannot open, or
     * whose weights differ from those trained from, is one line naming both.
     */
    static AttentionModel open(Target t, List<Target> all, ModelCatalog catalog, LoadOptions options) {
        List<Target> children =
                all.stream().filter(c -> t.open().equals(c.base())).toList();
        AttentionModel m;
        try {
            m = t.open(catalog, options);
        } catch (ModelLoadException e) {
            if (children.isEmpty()) throw e;
            throw new ModelLoadException("the fine-tune " + children.get(0).id() + " names the base model '"
                    + t.open() + "' in its training.json, which cannot be opened here ("
                    + e.reason() + "): see `attnflow models`");
        }
        for (Target c : children) {
            if (c.baseSha256() != null
                    && m.info().weightsSha256() != null
                    && !c.baseSha256().equals(m.info().weightsSha256())) {
                m.close();
                throw new ModelLoadException("the fine-tune " + c.id() + " was trained from '" + t.open()
                        + "' with weights sha256 " + c.baseSha256().substring(0, 12) + "…, but '" + t.open()
                        + "' here has other weights ("
                        + m.info().weightsSha256().substring(0, 12) + "…)");
            }
        }
        return m;
    }

    /** Records a fine-tune state's link to its base, once both are stored. */
    static void link(GraphConnection connection, Target t) {
        if (t.base() != null) new ModelLinks(connection).fineTunedFrom(t.id(), t.base(), t.step());
    }

    private static Path asDir(String m) {
        try {
            Path p = Path.of(m);
            return Files.isDirectory(p) ? p : null;
        } catch (InvalidPathException e) {
            return null;
        }
    }
}
