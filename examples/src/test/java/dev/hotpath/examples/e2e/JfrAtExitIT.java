package dev.hotpath.examples.e2e;

import dev.hotpath.collector.Collector;
import dev.hotpath.collector.CollectorConfig;
import dev.hotpath.examples.e2e.apps.WrappedJdbcApp;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JVM's exit with JFR on. JFR's own shutdown hook runs beside ours: it stops every recording and
 * tears the recorder down, so the last (partial) chunk must be the one JFR writes for us, and a recording
 * our thread starts after that teardown would wait forever in native code, holding the exit.
 */
class JfrAtExitIT {

    static List<Path> javas() {
        return JavaRuntimes.available();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("javas")
    void theLastPartialChunkReachesTheCollectorWhenTheAppStops(Path java, @TempDir Path out) throws Exception {
        int runs = 3;
        try (Collector collector = Collector.start(CollectorConfig.builder(out).listen("127.0.0.1", 0).build())) {
            for (int run = 1; run <= runs; run++) {
                String output;
                try (ForkedJvm app = start(java, collector, out.resolve("agent-jfr-" + run), List.of())) {
                    assertEquals(200, new ShopClient(app.awaitPort(90)).get("/wrapped").statusCode());
                    app.awaitOutput("JFR recording started", 60);
                    app.stop(30); // jfr.period is 60 s: the only chunk is the partial one written at exit
                    output = app.output();
                }
                Delivery.awaitJfrChunks(collector, run, 10);
                assertEquals(run, collector.counters().get("jfr.chunks.received"), "run " + run + ":\n" + output);
                assertTrue(!output.contains("dropped and counted"), output);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("javas")
    void aSignalBetweenJfrsInitialisationAndOurRecordingsStartDoesNotHoldTheExit(Path java, @TempDir Path out) throws Exception {
        try (Collector collector = Collector.start(CollectorConfig.builder(out).listen("127.0.0.1", 0).build());
             ForkedJvm app = start(java, collector, out.resolve("agent-jfr"), List.of("-Dhotpath.test.jfr.startDelayMillis=1000"))) {
            assertEquals(200, new ShopClient(app.awaitPort(90)).get("/wrapped").statusCode());
            app.awaitOutput("JFR initialised; the recording starts in", 60);
            app.stop(20); // SIGTERM now: JFR's hook tears the recorder down while ours waits (2.5 s) for the thread
            assertTrue(app.output().contains("the JVM is shutting down; no new JFR recording"), app.output());
        }
    }

    private static ForkedJvm start(Path java, Collector collector, Path jfrDir, List<String> jvmOptions) throws Exception {
        return ForkedJvm.start(java, Builds.agentJar(), "collector=http://127.0.0.1:" + collector.port()
                        + ",sample.rate=1,jfr.period=60s,jfr.dir=" + jfrDir, jvmOptions, ForkedJvm.testClassPath(),
                WrappedJdbcApp.class.getName());
    }
}
