package io.attnflow.ingest.finetune;

import io.attnflow.ingest.testing.TinyBert;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A learnable toy task over the tiny vocabulary: the label is "yes" exactly when the sentence contains "bird". */
final class ToyCorpus {
    private ToyCorpus() {}

    private static final List<String> WORDS = TinyBert.VOCAB.stream()
            .filter(w -> !w.startsWith("[") && !w.startsWith("##") && !w.equals("bird") && w.matches("[a-z]+"))
            .toList();

    /** {@code n} TSV lines (text, empty textB, label), half of them with the trigger word at a random place. */
    static List<String> lines(int n, long seed) {
        Random r = new Random(seed);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int len = 3 + r.nextInt(6);
            List<String> words = new ArrayList<>();
            for (int k = 0; k < len; k++) words.add(WORDS.get(r.nextInt(WORDS.size())));
            boolean yes = i % 2 == 0;
            if (yes) words.set(r.nextInt(len), "bird");
            out.add(String.join(" ", words) + "\t\t" + (yes ? "yes" : "no"));
        }
        return out;
    }

    static Path write(Path file, int n, long seed) throws IOException {
        Files.write(file, lines(n, seed));
        return file;
    }
}
