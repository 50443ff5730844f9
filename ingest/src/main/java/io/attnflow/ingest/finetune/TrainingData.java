package io.attnflow.ingest.finetune;

import io.attnflow.core.model.SentenceInput;
import io.attnflow.core.query.InvalidInputException;
import io.attnflow.ingest.corpus.CorpusEntry;
import io.attnflow.ingest.corpus.CorpusReader;
import io.attnflow.ingest.hf.HfModelDir;
import io.attnflow.ingest.tokenize.ModelTokenizer;
import io.attnflow.ingest.tokenize.TokenizedInput;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

/**
 * The labelled sentences of a fine-tune, tokenized: read with {@link CorpusReader} (so every format {@code ingest}
 * reads works), checked, and split. Every problem is one line naming the file (and line) and what to do.
 *
 * @param labels    class names; index = class id (sorted, numerically when all are integers)
 * @param train     training sentences
 * @param dev       held-out sentences
 * @param truncated sentences cut to the token limit
 * @param sha256    SHA-256 of the training file followed by the dev file (if any)
 */
public record TrainingData(List<String> labels, List<Example> train, List<Example> dev, int truncated, String sha256) {

    /** The splitting of a training file when no dev file is given. */
    public static final double DEFAULT_DEV_SPLIT = 0.1;

    /**
     * Reads, labels and tokenizes the corpus.
     *
     * @param devFile  a held-out file, or null to split {@code devSplit} of the training file off (seeded)
     * @param devSplit fraction in (0, 1), used only without a dev file
     */
    public static TrainingData load(
            Path trainFile, Path devFile, double devSplit, ModelTokenizer tokenizer, int maxTokens, long seed) {
        List<Labelled> train = read(trainFile);
        List<Labelled> dev;
        if (devFile != null) {
            dev = read(devFile);
        } else {
            if (!(devSplit > 0 && devSplit < 1)) {
                throw new InvalidInputException("--dev-split must be a fraction between 0 and 1, was " + devSplit);
            }
            List<Labelled> shuffled = new ArrayList<>(train);
            java.util.Collections.shuffle(shuffled, new Random(seed));
            int held = (int) Math.round(shuffled.size() * devSplit);
            if (held < 1 || held >= shuffled.size()) {
                throw new InvalidInputException(trainFile.getFileName() + " has " + shuffled.size()
                        + " sentences, too few to hold out " + devSplit + " of them; give a --dev file");
            }
            dev = List.copyOf(shuffled.subList(0, held));
            train = List.copyOf(shuffled.subList(held, shuffled.size()));
        }
        List<String> labels = labels(train, trainFile);
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < labels.size(); i++) index.put(labels.get(i), i);
        for (Labelled l : dev) {
            if (!index.containsKey(l.label())) {
                throw new InvalidInputException(l.where() + ": label '" + l.label() + "' does not occur in the"
                        + " training data (" + String.join(", ", labels) + ")");
            }
        }
        int[] truncated = {0};
        List<Example> trainEx = tokenize(train, index, tokenizer, maxTokens, truncated);
        List<Example> devEx = tokenize(dev, index, tokenizer, maxTokens, truncated);
        List<Path> files = devFile == null ? List.of(trainFile) : List.of(trainFile, devFile);
        return new TrainingData(labels, trainEx, devEx, truncated[0], HfModelDir.sha256(files));
    }

    private record Labelled(String where, SentenceInput input, String label) {}

    private static List<Labelled> read(Path file) {
        List<CorpusEntry> entries = CorpusReader.read(file);
        List<Labelled> out = new ArrayList<>();
        for (CorpusEntry e : entries) {
            if (e instanceof CorpusEntry.Malformed m) throw new InvalidInputException(m.message());
            CorpusEntry.Sentence s = (CorpusEntry.Sentence) e;
            if (s.input().label() == null) {
                throw new InvalidInputException(s.where() + " has no label: fine-tuning needs one on every line"
                        + " (.tsv: text<TAB>textB<TAB>label, textB may be empty; .jsonl: \"label\")");
            }
            out.add(new Labelled(s.where(), s.input(), s.input().label()));
        }
        if (out.isEmpty()) {
            throw new InvalidInputException(file.getFileName() + " has no sentences (blank and # lines are skipped)");
        }
        return out;
    }

    private static List<String> labels(List<Labelled> train, Path file) {
        TreeSet<String> distinct = new TreeSet<>();
        for (Labelled l : train) distinct.add(l.label());
        if (distinct.size() < 2) {
            throw new InvalidInputException(file.getFileName() + " has only one label ('" + distinct.first()
                    + "'): a classifier needs sentences of at least two classes");
        }
        boolean numeric = distinct.stream().allMatch(s -> s.matches("-?\\d{1,9}"));
        List<String> sorted = new ArrayList<>(distinct);
        if (numeric) sorted.sort(Comparator.comparingInt(Integer::parseInt));
        return List.copyOf(sorted);
    }

    private static List<Example> tokenize(
            List<Labelled> data, Map<String, Integer> index, ModelTokenizer tokenizer, int maxTokens, int[] truncated) {
        List<Example> out = new ArrayList<>(data.size());
        for (Labelled l : data) {
            TokenizedInput t = tokenizer.encode(l.input().text(), l.input().textB(), maxTokens, true);
            if (t.truncated()) truncated[0]++;
            out.add(new Example(l.where(), t.ids(), t.typeIds(), index.get(l.label())));
        }
        return List.copyOf(out);
    }
}
