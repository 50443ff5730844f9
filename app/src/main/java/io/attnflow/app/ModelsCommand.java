package io.attnflow.app;

import io.attnflow.ingest.ModelCatalog;
import io.attnflow.ingest.ModelEntry;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code attnflow models}: the models that can be opened, offline. */
@Command(
        name = "models",
        mixinStandardHelpOptions = true,
        description = "List the models that can be loaded offline (use the id with --model).")
final class ModelsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<ModelEntry> entries = ModelCatalog.standard().available();
        out.printf("%-28s %6s %5s %6s  %-13s %s%n", "ID", "LAYERS", "HEADS", "HIDDEN", "SOURCE", "ORIGIN");
        for (ModelEntry e : entries) {
            out.printf(
                    "%-28s %6d %5d %6d  %-13s %s%n",
                    e.id(), e.layers(), e.heads(), e.hidden(), e.source(), e.description());
        }
        out.println();
        out.println("--model also accepts a Hugging Face model directory (config.json + model.safetensors + "
                + "tokenizer.json or vocab.txt) and an ORG/NAME id from the local Hugging Face cache.");
        out.flush();
        return 0;
    }
}
