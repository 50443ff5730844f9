package io.attnflow.ingest.corpus;

import io.attnflow.ingest.corpus.LanguageToolReader.Example;
import io.attnflow.ingest.corpus.LanguageToolReader.Kind;
import io.attnflow.ingest.files.AtomicFiles;
import io.attnflow.ingest.finetune.Metrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.ToIntFunction;

/**
 * A CoLA-like acceptability corpus from LanguageTool's examples: deduplicated, balanced by length, split.
 *
 * <ul>
 *   <li>{@code triggers_error} examples (correct sentences a rule flags anyway) are dropped: their label is the
 *       rule authors' judgement that the rule is wrong, which is not the clean ground truth the rest is.
 *   <li>A sentence that occurs twice is kept once; one that occurs with both labels is dropped.
 *   <li>Unacceptable sentences are shorter, so length alone would predict the label. For every length (in word
 *       pieces of the given tokenizer) the same number of sentences of each class is kept, chosen by the seed, and
 *       an acceptable and an unacceptable sentence of equal length are paired.
 *   <li>The pairs are shuffled by the seed and split 80/10/10 into train, dev and test, so every split is balanced
 *       and has the same length distribution in both classes.
 * </ul>
 */
public final class LanguageToolCorpus {
    public static final String ACCEPTABLE = "acceptable";
    public static final String UNACCEPTABLE = "unacceptable";

    private LanguageToolCorpus() {}

    /**
     * One corpus sentence.
     *
     * @param spanStart first character of the error (-1 for none)
     * @param spanEnd   end of the error, exclusive (-1 for none)
     * @param length    word pieces, special tokens included
     */
    public record Row(String text, String label, int spanStart, int spanEnd, int length) {
        /** The TSV line {@code ingest} and {@code finetune} read: text, empty textB, label, span. */
        public String tsv() {
            return text + "\t\t" + label + "\t" + (spanStart >= 0 ? spanStart + "-" + spanEnd : "");
        }
    }

    /** What happened to the examples, in order. */
    public record Counts(
            int read,
            int triggersError,
            int unusable,
            int duplicates,
            int conflicting,
            int acceptable,
            int unacceptable,
            int unacceptableWithoutSpan,
            double meanLengthAcceptable,
            double meanLengthUnacceptable,
            int balancedPairs) {}

    /**
     * The corpus.
     *
     * @param lengthBefore the length-only baseline on the deduplicated data before balancing (a seeded 90/10 split)
     * @param lengthAfter  the length-only baseline fitted on train, measured on dev
     * @param majority     the majority baseline on dev
     */
    public record Built(
            List<Row> train,
            List<Row> dev,
            List<Row> test,
            Counts counts,
            Metrics lengthBefore,
            Metrics lengthAfter,
            Metrics majority) {}

    /**
     * Builds the corpus.
     *
     * @param length word pieces of a sentence
     * @param limit  keep at most this many sentences (0: all); even, as they come in pairs
     */
    public static Built build(List<Example> examples, ToIntFunction<String> length, int limit, long seed) {
        int triggers = 0, unusable = 0, duplicates = 0;
        Map<String, Row> byText = new LinkedHashMap<>();
        Map<String, Boolean> conflicting = new LinkedHashMap<>();
        for (Example e : examples) {
            if (e.kind() == Kind.TRIGGERS_ERROR) {
                triggers++;
                continue;
            }
            String text = e.text();
            if (text.isEmpty() || text.startsWith("#") || text.contains("\t")) {
                unusable++; // '#' starts a comment line in the corpus formats
                continue;
            }
            String label = e.kind() == Kind.UNACCEPTABLE ? UNACCEPTABLE : ACCEPTABLE;
            Row known = byText.get(text);
            if (known != null) {
                duplicates++;
                if (!known.label().equals(label)) conflicting.put(text, true);
                continue;
            }
            boolean span = label.equals(UNACCEPTABLE) && e.hasSpan();
            byText.put(text, new Row(text, label, span ? e.spanStart() : -1, span ? e.spanEnd() : -1, -1));
        }
        conflicting.keySet().forEach(byText::remove);
        List<Row> rows = new ArrayList<>();
        for (Row r : byText.values()) {
            rows.add(new Row(r.text(), r.label(), r.spanStart(), r.spanEnd(), length.applyAsInt(r.text())));
        }
        Random random = new Random(seed);
        TreeMap<Integer, List<Row>> acc = new TreeMap<>(), unacc = new TreeMap<>();
        int noSpan = 0;
        long accLen = 0, unaccLen = 0;
        for (Row r : rows) {
            boolean a = r.label().equals(ACCEPTABLE);
            (a ? acc : unacc)
                    .computeIfAbsent(r.length(), k -> new ArrayList<>())
                    .add(r);
            if (a) accLen += r.length();
            else unaccLen += r.length();
            if (!a && r.spanStart() < 0) noSpan++;
        }
        int nAcc = acc.values().stream().mapToInt(List::size).sum();
        int nUnacc = rows.size() - nAcc;
        List<Row[]> pairs = new ArrayList<>();
        for (Map.Entry<Integer, List<Row>> bucket : acc.entrySet()) {
            List<Row> a = new ArrayList<>(bucket.getValue());
            List<Row> u = new ArrayList<>(unacc.getOrDefault(bucket.getKey(), List.of()));
            Collections.shuffle(a, random);
            Collections.shuffle(u, random);
            for (int i = 0; i < Math.min(a.size(), u.size()); i++) pairs.add(new Row[] {a.get(i), u.get(i)});
        }
        Collections.shuffle(pairs, random);
        if (limit > 0 && pairs.size() > limit / 2) pairs = new ArrayList<>(pairs.subList(0, Math.max(1, limit / 2)));
        int trainPairs = (int) Math.round(pairs.size() * 0.8), devPairs = (int) Math.round(pairs.size() * 0.1);
        List<Row> train = flatten(pairs.subList(0, trainPairs));
        List<Row> dev = flatten(pairs.subList(trainPairs, trainPairs + devPairs));
        List<Row> test = flatten(pairs.subList(trainPairs + devPairs, pairs.size()));
        Counts counts = new Counts(
                examples.size(),
                triggers,
                unusable,
                duplicates,
                conflicting.size(),
                nAcc,
                nUnacc,
                noSpan,
                nAcc == 0 ? 0 : accLen / (double) nAcc,
                nUnacc == 0 ? 0 : unaccLen / (double) nUnacc,
                pairs.size());
        List<Row> before = new ArrayList<>(rows);
        Collections.shuffle(before, new Random(seed));
        int cut = (int) Math.round(before.size() * 0.9);
        return new Built(
                train,
                dev,
                test,
                counts,
                lengthOnly(before.subList(0, cut), before.subList(cut, before.size())),
                lengthOnly(train, dev),
                Metrics.majority(examples(train), examples(dev), 2));
    }

    private static List<Row> flatten(List<Row[]> pairs) {
        List<Row> out = new ArrayList<>();
        for (Row[] p : pairs) Collections.addAll(out, p);
        return List.copyOf(out);
    }

    private static Metrics lengthOnly(List<Row> train, List<Row> dev) {
        return Metrics.lengthOnly(
                train.stream().mapToInt(Row::length).toArray(),
                train.stream().mapToInt(LanguageToolCorpus::labelIndex).toArray(),
                dev.stream().mapToInt(Row::length).toArray(),
                dev.stream().mapToInt(LanguageToolCorpus::labelIndex).toArray(),
                2);
    }

    private static List<io.attnflow.ingest.finetune.Example> examples(List<Row> rows) {
        return rows.stream()
                .map(r -> new io.attnflow.ingest.finetune.Example(r.text(), new long[0], new long[0], labelIndex(r)))
                .toList();
    }

    private static int labelIndex(Row r) {
        return r.label().equals(ACCEPTABLE) ? 0 : 1;
    }

    /** The three split files beside {@code out}: NAME.train.tsv, NAME.dev.tsv, NAME.test.tsv (NAME = out minus .tsv). */
    public static List<Path> splitFiles(Path out) {
        String name = out.getFileName().toString();
        String stem = name.endsWith(".tsv") ? name.substring(0, name.length() - 4) : name;
        Path dir = out.toAbsolutePath().getParent();
        return List.of(
                dir.resolve(stem + ".train.tsv"), dir.resolve(stem + ".dev.tsv"), dir.resolve(stem + ".test.tsv"));
    }

    /** Writes the splits (each file complete before it appears) and returns their paths. */
    public static List<Path> write(Built b, Path out, String header) {
        List<Path> files = splitFiles(out);
        List<List<Row>> splits = List.of(b.train(), b.dev(), b.test());
        try {
            Files.createDirectories(files.get(0).getParent());
            for (int i = 0; i < files.size(); i++) {
                List<String> lines = new ArrayList<>();
                lines.add("# " + header);
                lines.add("# text<TAB>textB (empty)<TAB>label<TAB>error span as start-end character offsets");
                splits.get(i).forEach(r -> lines.add(r.tsv()));
                AtomicFiles.writeLines(files.get(i), lines);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
        }
        return files;
    }
}
