package dev.hotpath.analyzer;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The recorded demo run (src/test/resources/runs/demo) and copies of it for tests that write into the directory. */
public final class Fixtures {
    /** How reports name the fixture, so golden files do not depend on where the build runs. */
    public static final String DEMO_LABEL = "runs/demo";

    private Fixtures() {
    }

    public static Path demoRun() {
        try {
            return Path.of(Fixtures.class.getResource("/runs/demo/summary.json").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Path copyOfDemoRun(Path tempDir) throws IOException {
        Path target = tempDir.resolve("demo");
        Files.createDirectories(target);
        try (Stream<Path> files = Files.list(demoRun())) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, target.resolve(f.getFileName()));
            }
        }
        return target;
    }
}
