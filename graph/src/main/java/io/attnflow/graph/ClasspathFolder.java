package io.attnflow.graph;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.Map;

/**
 * A resource folder as a {@link Path}, whether it lies in a directory (while developing) or inside a jar: the
 * {@code cypher/schema} and {@code cypher/queries} files are listed and read the same way in both cases.
 */
public final class ClasspathFolder {
    private ClasspathFolder() {}

    /** The folder {@code resourceDir} (e.g. {@code cypher/queries}) of this module's class loader. */
    public static Path open(String resourceDir) {
        URL url = ClasspathFolder.class.getClassLoader().getResource(resourceDir);
        if (url == null) throw new IllegalStateException(resourceDir + " is missing from the classpath");
        try {
            URI uri = url.toURI();
            if (!"jar".equals(uri.getScheme())) return Path.of(uri);
            FileSystem fs;
            try {
                fs = FileSystems.getFileSystem(uri);
            } catch (FileSystemNotFoundException e) {
                fs = FileSystems.newFileSystem(uri, Map.of());
            }
            return fs.getPath(resourceDir);
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("cannot list " + url + ": " + e.getMessage(), e);
        }
    }
}
