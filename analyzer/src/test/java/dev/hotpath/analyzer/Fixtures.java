package dev.hotpath.analyzer;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Recorded runs under src/test/resources/runs, and copies of them for tests that write into the directory:
 * {@code demo}, an early demo run (the golden files' input), and {@code sweep}, a demo run with the concurrency
 * sweep, pools, JFR time and flame graphs, made with {@code ./hotpath demo} then
 * {@code analyzer/scripts/trim-fixture.py runs/demo analyzer/src/test/resources/runs/sweep}.
 */
public final class Fixtures {
    /** How reports name the fixture, so golden files do not depend on where the build runs. */
    public static final String DEMO_LABEL = "runs/demo";

    private Fixtures() {
    }

    public static Path demoRun() {
        return run("demo");
    }

    public static Path copyOfDemoRun(Path tempDir) throws IOException {
        return copyOfRun("demo", tempDir);
    }

    public static Path run(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/runs/" + name + "/summary.json").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Path copyOfRun(String name, Path tempDir) throws IOException {
        Path source = run(name);
        Path target = tempDir.resolve(name);
        try (Stream<Path> files = Files.walk(source)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path to = target.resolve(source.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to);
                }
            }
        }
        return target;
    }
}
