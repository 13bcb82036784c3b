package dev.hotpath.examples.e2e;

import dev.hotpath.examples.e2e.apps.LoaderChurnApp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Class-loader churn (issue 7, item 7), JDK 17 and 25: 10,000 throwaway class loaders each define, and
 * the agent instruments, their own copy of a JDBC driver that is then used and dropped. After full GCs every
 * loader is gone (a weak reference to each is cleared: the agent holds none), and the loaded-class count and
 * metaspace are back near the baseline taken after a warm-up.
 */
class LoaderChurnIT {
    static final int LOADERS = Integer.getInteger("hotpath.it.churn.loaders", 10_000);
    /** 10,000 leaked copies would keep 10,000 classes and several MB of metaspace. */
    static final long MAX_CLASS_GROWTH = 200;
    static final long MAX_METASPACE_GROWTH = 2L * 1024 * 1024;

    static List<Path> javas() {
        return JavaRuntimes.available();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("javas")
    void throwawayLoadersAndTheirInstrumentedClassesAreCollected(Path java) throws Exception {
        String out;
        try (ForkedJvm app = ForkedJvm.start(java, Builds.agentJar(), "collector=http://127.0.0.1:1,shutdown.flush.ms=500,debug=true",
                List.of(), ForkedJvm.testClassPath(), LoaderChurnApp.class.getName(), Integer.toString(LOADERS))) {
            assertTrue(app.awaitExit(180), "the churn did not finish\n" + app.output().lines().filter(l -> !l.contains("instrumented")).toList());
            out = app.output();
            assertEquals(0, app.exitValue(), out);
        }
        long instrumented = out.lines().filter(l -> l.equals("[hotpath] instrumented dev.hotpath.examples.e2e.apps.ChurnDriver")).count();
        String line = out.lines().filter(l -> l.startsWith("CHURN ")).findFirst().orElseThrow(() -> new AssertionError(out));
        System.out.println(java + ": " + line + ", copies instrumented=" + instrumented);
        Map<String, Long> figures = figures(line);

        assertTrue(instrumented >= LOADERS, "every loader's copy of the driver was instrumented: " + instrumented);
        assertEquals(LOADERS, figures.get("calls"), "every copy answered as without the agent");
        assertEquals(0, figures.get("loadersAlive"), "no throwaway loader is still reachable after GC: " + line);
        assertTrue(figures.get("classesAfter") - figures.get("classesBefore") < MAX_CLASS_GROWTH, line);
        assertTrue(figures.get("metaspaceAfter") - figures.get("metaspaceBefore") < MAX_METASPACE_GROWTH, line);
        assertFalse(out.contains("Exception") || out.contains("Error"), out.lines().filter(l -> !l.contains("instrumented")).toList().toString());
    }

    private static Map<String, Long> figures(String line) {
        Map<String, Long> out = new HashMap<>();
        for (String part : line.substring("CHURN ".length()).split(" ")) {
            int eq = part.indexOf('=');
            out.put(part.substring(0, eq), Long.parseLong(part.substring(eq + 1)));
        }
        return out;
    }
}
