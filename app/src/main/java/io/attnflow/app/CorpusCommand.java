package io.attnflow.app;

import io.attnflow.core.query.InvalidInputException;
import io.attnflow.ingest.LoadOptions;
import io.attnflow.ingest.ModelCatalog;
import io.attnflow.ingest.ResolvedModel;
import io.attnflow.ingest.corpus.LanguageToolCorpus;
import io.attnflow.ingest.corpus.LanguageToolReader;
import io.attnflow.ingest.finetune.Metrics;
import io.attnflow.ingest.tf.EasyBertModel;
import io.attnflow.ingest.tokenize.ModelTokenizer;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code attnflow corpus}: builds labelled corpora from data already on this machine. */
@Command(
        name = "corpus",
        mixinStandardHelpOptions = true,
        description = "Build a labelled corpus from data on this machine.",
        subcommands = {CorpusCommand.LanguageTool.class})
final class CorpusCommand {

    /** {@code attnflow corpus languagetool}. */
    @Command(
            name = "languagetool",
            mixinStandardHelpOptions = true,
            description = {
                "An acceptability corpus with error spans from LanguageTool's English rule examples (grammar.xml,"
                        + " style.xml in " + LanguageToolReader.COORDINATES + ", read from the local Maven repository;"
                        + " the data keeps the jar's licence, LGPL 2.1).",
                "Deduplicated, balanced by length in word pieces (so length alone is at chance), split 80/10/10:"
                        + " writes NAME.train.tsv, NAME.dev.tsv and NAME.test.tsv beside --out NAME.tsv."
            })
    static final class LanguageTool implements Callable<Integer> {
        @Option(
                names = "--out",
                required = true,
                paramLabel = "FILE",
                description = "NAME.tsv: the split files go beside it")
        Path out;

        @Option(names = "--limit", defaultValue = "0", paramLabel = "N", description = "at most N sentences (0: all)")
        int limit;

        @Option(
                names = "--seed",
                defaultValue = "42",
                description = "seeds balancing and splitting (default: ${DEFAULT-VALUE})")
        long seed;

        @Option(
                names = "--length-model",
                defaultValue = "all-minilm-l6-v2",
                paramLabel = "ID",
                description = "whose word pieces measure length (default: ${DEFAULT-VALUE}, the BERT uncased vocabulary"
                        + " the bundled models share)")
        String lengthModel;

        @Option(
                names = "--jar",
                paramLabel = "JAR",
                description = "the language-en jar (default: the local Maven repository)")
        Path jar;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            OptionCheck.require(spec, limit >= 0, "--limit must be 0 (all) or more, was " + limit);
            Path source = jar != null
                    ? jar
                    : LanguageToolReader.localJar(EasyBertModel.localRepository())
                            .orElseThrow(
                                    () -> new InvalidInputException(LanguageToolReader.COORDINATES + " is not in the"
                                            + " local Maven repository " + EasyBertModel.localRepository()
                                            + "; fetch it once with: "
                                            + LanguageToolReader.FETCH_COMMAND));
            OptionCheck.require(spec, Files.isRegularFile(source), "--jar " + source + " is not a file");
            Built built = build(source, lengthModel, limit, seed, out);
            LanguageToolCorpus.Built b = built.corpus();
            List<Path> files = built.files();
            PrintWriter o = spec.commandLine().getOut();
            for (String line : report(b, files)) o.println(line);
            o.flush();
            return 0;
        }

        /** The corpus and the files it was written to. */
        record Built(LanguageToolCorpus.Built corpus, List<Path> files) {}

        /**
         * Reads the jar's examples, balances them by their length in {@code lengthModel}'s word pieces and writes
         * the three split files next to {@code out} (also the demo's corpus, {@link DemoFineTune}).
         */
        static Built build(Path jar, String lengthModel, int limit, long seed, Path out) {
            List<LanguageToolReader.Example> examples = LanguageToolReader.readJar(jar);
            ResolvedModel model = ModelCatalog.standard().resolve(lengthModel, LoadOptions.defaults());
            LanguageToolCorpus.Built b;
            try (ModelTokenizer tokenizer = model.tokenizer()) {
                int max = model.info().maxPositions();
                b = LanguageToolCorpus.build(
                        examples, t -> tokenizer.encode(t, null, max, true).length(), limit, seed);
            }
            List<Path> files = LanguageToolCorpus.write(
                    b,
                    out,
                    "LanguageTool " + LanguageToolReader.COORDINATES + " English rule examples (LGPL 2.1)," + " seed "
                            + seed + ", lengths in " + lengthModel + " word pieces");
            return new Built(b, files);
        }

        static List<String> report(LanguageToolCorpus.Built b, List<Path> files) {
            LanguageToolCorpus.Counts c = b.counts();
            return List.of(
                    String.format(
                            Locale.ROOT,
                            "read %d examples: %d triggers_error dropped, %d unusable, %d duplicates, %d sentences with"
                                    + " both labels dropped",
                            c.read(),
                            c.triggersError(),
                            c.unusable(),
                            c.duplicates(),
                            c.conflicting()),
                    String.format(
                            Locale.ROOT,
                            "clean: %d acceptable (mean %.1f word pieces), %d unacceptable (mean %.1f; %d without a"
                                    + " marked span); length-only baseline before balancing %s",
                            c.acceptable(),
                            c.meanLengthAcceptable(),
                            c.unacceptable(),
                            c.meanLengthUnacceptable(),
                            c.unacceptableWithoutSpan(),
                            metrics(b.lengthBefore())),
                    String.format(
                            Locale.ROOT,
                            "balanced by length: %d pairs; train %d, dev %d, test %d sentences; on dev: majority"
                                    + " baseline %s, length-only baseline %s",
                            c.balancedPairs(),
                            b.train().size(),
                            b.dev().size(),
                            b.test().size(),
                            metrics(b.majority()),
                            metrics(b.lengthAfter())),
                    "wrote "
                            + String.join(
                                    ", ", files.stream().map(Path::toString).toList()));
        }

        private static String metrics(Metrics m) {
            return String.format(Locale.ROOT, "accuracy %.3f (MCC %.3f)", m.accuracy(), m.mcc());
        }
    }
}
