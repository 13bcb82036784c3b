package dev.hotpath.examples.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JVMs the forked end-to-end tests run on: the one running the build (17) and JDK 25 where the
 * machine has it ({@code HOTPATH_JDK25} or {@code -Dhotpath.jdk25} to point elsewhere).
 */
public final class JavaRuntimes {
    private static final String DEFAULT_JDK25 = "/usr/lib/jvm/temurin-25-jdk-amd64";

    private JavaRuntimes() {
    }

    public static List<Path> available() {
        List<Path> out = new ArrayList<>();
        out.add(Path.of(System.getProperty("java.home"), "bin", "java"));
        String jdk25 = System.getProperty("hotpath.jdk25", System.getenv().getOrDefault("HOTPATH_JDK25", DEFAULT_JDK25));
        Path java25 = Path.of(jdk25, "bin", "java");
        if (Files.isExecutable(java25)) {
            out.add(java25);
        }
        return out;
    }
}
