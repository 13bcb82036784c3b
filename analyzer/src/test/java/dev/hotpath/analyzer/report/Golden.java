package dev.hotpath.analyzer.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files under src/test/resources/golden. Regenerate after an intended change with
 * {@code mvn -pl analyzer test -Dhotpath.golden.update=true} and review the diff in git.
 */
final class Golden {
    private Golden() {
    }

    static void assertMatches(String name, String actual) throws IOException {
        Path source = Path.of(System.getProperty("basedir", ".")).resolve("src/test/resources/golden").resolve(name);
        if (Boolean.getBoolean("hotpath.golden.update")) {
            Files.createDirectories(source.getParent());
            Files.writeString(source, actual, StandardCharsets.UTF_8);
            return;
        }
        assertTrue(Files.exists(source), "golden file " + source + " is missing: run mvn -pl analyzer test -Dhotpath.golden.update=true");
        assertEquals(Files.readString(source, StandardCharsets.UTF_8), actual,
                "output differs from golden " + name + "; if the change is intended: mvn -pl analyzer test -Dhotpath.golden.update=true");
    }
}
