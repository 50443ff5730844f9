package io.attnflow.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line of a separate {@code attnflow} JVM on the test classpath, for tests that need a real process. */
final class AppJvm {
    private AppJvm() {}

    /** {@code java … io.attnflow.app.Main ARGS}, with the options the launcher script sets. */
    static List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true",
                "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "--add-opens=java.base/java.io=ALL-UNNAMED",
                "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
                "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(args));
        return command;
    }
}
