package dev.hotpath.examples.e2e;

import dev.hotpath.collector.Collector;
import dev.hotpath.collector.CollectorConfig;
import dev.hotpath.collector.flame.RequestWindow;
import dev.hotpath.collector.flame.SlowPathFlameGraph;
import dev.hotpath.examples.e2e.apps.HotMethodApp;
import one.jfr.JfrReader;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Deep mode with the real async-profiler in forked JVMs (JDK 17 and 25): it refuses on a non-canary and on a
 * deny-listed JDK, writes one JFR per window into the outbox, aborts a window over its CPU budget, and stops
 * within a second on the kill file and on the collector's command; the app answers correctly throughout.
 * JDK 17 here is 17.0.15, which the deny list names, so the runs that must profile set deep.jdk.override.
 */
class DeepModeIT {
    private static final String PRIMES_BELOW_10000 = "1229";
    private static final Pattern STOP_LATENCY = Pattern.compile(
            "deep mode stopped: (.*?); profiler stopped (\\d+) ms after the stop request");
    private static final Pattern SEEN = Pattern.compile("seen (\\d+) ms after it appeared");

    static Stream<Path> javas() {
        return JavaRuntimes.available().stream();
    }

    /** Load on the app while a test runs: every answer is checked, so a broken app fails the test. */
    private static final class Traffic implements AutoCloseable {
        final AtomicInteger ok = new AtomicInteger();
        final AtomicInteger wrong = new AtomicInteger();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        Traffic(int port) {
            ShopClient client = new ShopClient(port);
            thread = new Thread(() -> {
                while (running.get()) {
                    try {
                        var r = client.get("/work/10000");
                        (r.statusCode() == 200 && r.body().equals(PRIMES_BELOW_10000) ? ok : wrong).incrementAndGet();
                    } catch (Exception e) {
                        if (running.get()) {
                            wrong.incrementAndGet();
                        }
                    }
                }
            }, "deep-it-traffic");
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(30_000);
            assertEquals(0, wrong.get(), "every answer of the app is right");
            assertTrue(ok.get() > 0, "the app answered");
        }
    }

    private static String base(Collector collector) {
        return "collector=http://127.0.0.1:" + collector.port() + ",stats.interval.ms=300,deep=canary";
    }

    private static String override(Path java) {
        return java.toString().contains("25") ? "" : ",deep.jdk.override=true";
    }

    private static void await(BooleanSupplier condition, int seconds, ForkedJvm app, String what) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; app output:\n" + app.output());
            }
            Thread.sleep(50);
        }
    }

    private static List<String> outbox(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static ForkedJvm start(Path java, String args) throws IOException {
        return ForkedJvm.start(java, Builds.agentJar(), args, List.of(), ForkedJvm.testClassPath(), HotMethodApp.class.getName());
    }

    private static Collector collector(Path out) throws IOException {
        return Collector.start(CollectorConfig.builder(out).listen("127.0.0.1", 0).flushInterval(Duration.ZERO).build());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("javas")
    void refusesOnANonCanaryAndLoadsNothing(Path java, @TempDir Path tmp) throws Exception {
        Path outbox = tmp.resolve("outbox");
        try (Collector collector = collector(tmp.resolve("run"));
             ForkedJvm app = start(java, base(collector) + ",deep.canary.fraction=0.000001,service.instance.id=shop-7"
                     + ",deep.window=500ms,deep.every=500ms,deep.dir=" + outbox + override(java))) {
            try (Traffic traffic = new Traffic(app.awaitPort(90))) {
                await(() -> collector.counters().getAgent("deep.refused.not_canary") == 1, 30, app, "the refusal counter");
                Thread.sleep(1500); // three windows' worth: none may run
            }
            assertTrue(app.output().contains("[hotpath] deep mode refused: this instance is not a canary (instance id 'shop-7' hashes to"),
                    app.output());
            assertFalse(app.output().contains("async-profiler"), "nothing loaded: " + app.output());
            assertFalse(app.output().contains("WARNING: A restricted method"), "no native library touched");
            assertEquals(List.of(), outbox(outbox));
            app.stop(30);
        }
    }

    @Test
    void refusesOnADenyListedJdk(@TempDir Path tmp) throws Exception {
        Path java = JavaRuntimes.available().get(0);
        Runtime.Version v = Runtime.version(); // the build's JVM, which is the first runtime
        Assumptions.assumeTrue(v.feature() == 17 && v.update() <= 15, "needs a deny-listed JDK 17 build; this is " + v);
        try (Collector collector = collector(tmp.resolve("run"));
             ForkedJvm app = start(java, base(collector) + ",deep.canary=true,deep.dir=" + tmp.resolve("outbox"))) {
            try (Traffic traffic = new Traffic(app.awaitPort(90))) {
                await(() -> collector.counters().getAgent("deep.refused.jdk") == 1, 30, app, "the refusal counter");
            }
            assertTrue(app.output().contains("is on the deny list: AsyncGetCallTrace crashes in 17u before 17.0.16"), app.output());
            assertFalse(app.output().contains("async-profiler 4"), app.output());
            app.stop(30);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("javas")
    void windowsWriteOneJfrEachIntoTheOutbox(Path java, @TempDir Path tmp) throws Exception {
        Path outbox = tmp.resolve("outbox");
        try (Collector collector = collector(tmp.resolve("run"));
             ForkedJvm app = start(java, base(collector) + ",deep.canary=true,deep.window=1s,deep.every=1s,deep.cpu.budget=50"
                     + ",deep.dir=" + outbox + override(java))) {
            try (Traffic traffic = new Traffic(app.awaitPort(90))) {
                await(() -> collector.counters().getAgent("deep.windows.completed") >= 3, 60, app, "three windows");
            }
            List<String> files = outbox(outbox);
            for (String kind : List.of("deep-wall-", "deep-lock-", "deep-alloc-")) {
                Path f = files.stream().filter(n -> n.startsWith(kind) && n.endsWith(".jfr")).findFirst().map(outbox::resolve)
                        .orElseThrow(() -> new AssertionError("no " + kind + "*.jfr in " + files + "\n" + app.output()));
                try (InputStream in = Files.newInputStream(f)) {
                    assertEquals("FLR\0", new String(in.readNBytes(4), StandardCharsets.ISO_8859_1), f + " is JFR");
                }
            }
            assertTrue(app.output().contains("[hotpath] deep mode: async-profiler 4.2 loaded"), app.output());
            assertFalse(app.output().contains("deny list"), app.output());
            assertFlameGraphShowsTheHotMethod(files.stream().filter(n -> n.startsWith("deep-wall-") && n.endsWith(".jfr"))
                    .map(outbox::resolve).toList(), tmp.resolve("run"));
            app.stop(30);
            assertTrue(outbox(outbox).stream().noneMatch(n -> n.endsWith(".tmp")), "exit leaves no unfinished file: " + outbox(outbox));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("javas")
    void aWindowOverItsCpuBudgetStops(Path java, @TempDir Path tmp) throws Exception {
        Path outbox = tmp.resolve("outbox");
        try (Collector collector = collector(tmp.resolve("run"));
             ForkedJvm app = start(java, base(collector) + ",deep.canary=true,deep.modes=wall,deep.window=5s,deep.every=5s"
                     + ",deep.cpu.budget=0.001,deep.dir=" + outbox + override(java))) {
            try (Traffic traffic = new Traffic(app.awaitPort(90))) {
                await(() -> collector.counters().getAgent("deep.windows.aborted.cpu_budget") >= 1, 60, app, "the budget abort");
            }
            assertTrue(app.output().contains("[hotpath] deep window (deep-wall) aborted and discarded: the profiler's threads used"),
                    app.output());
            assertTrue(app.output().contains("over deep.cpu.budget=0.001%"), app.output());
            assertEquals(0, collector.counters().getAgent("deep.windows.completed"));
            assertTrue(outbox(outbox).stream().noneMatch(n -> n.startsWith("deep-wall-") && n.endsWith(".jfr")),
                    "the aborted window is discarded: " + outbox(outbox));
            app.stop(30);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("javas")
    void killFileStopsProfilingWithinASecond(Path java, @TempDir Path tmp) throws Exception {
        Path outbox = tmp.resolve("outbox");
        Path kill = tmp.resolve("stop-deep");
        try (Collector collector = collector(tmp.resolve("run"));
             ForkedJvm app = start(java, base(collector) + ",deep.canary=true,deep.modes=wall,deep.window=60s,deep.every=60s"
                     + ",deep.cpu.budget=50,deep.kill.file=" + kill + ",deep.dir=" + outbox + override(java))) {
            try (Traffic traffic = new Traffic(app.awaitPort(90))) {
                await(() -> app.output().contains("async-profiler 4.2 loaded"), 60, app, "the first window");
                Thread.sleep(500);
                Files.createFile(kill);
                await(() -> app.output().contains("[hotpath] deep mode stopped: kill file"), 10, app, "the stop");
                assertStoppedWithinASecond(app.output(), true);
                await(() -> collector.counters().getAgent("deep.stopped.kill_file") == 1, 30, app, "the stop counter");
            }
            assertEquals(List.of(), outbox(outbox), "the interrupted window is discarded, no other starts");
            app.stop(30);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("javas")
    void collectorCommandStopsProfilingWithinASecond(Path java, @TempDir Path tmp) throws Exception {
        Path outbox = tmp.resolve("outbox");
        try (Collector collector = collector(tmp.resolve("run"));
             ForkedJvm app = start(java, base(collector) + ",deep.canary=true,deep.modes=wall,deep.window=60s,deep.every=60s"
                     + ",deep.cpu.budget=50,deep.dir=" + outbox + override(java))) {
            try (Traffic traffic = new Traffic(app.awaitPort(90))) {
                await(() -> app.output().contains("async-profiler 4.2 loaded"), 60, app, "the first window");
                Thread.sleep(500);
                collector.requestDeepStop();
                await(() -> app.output().contains("[hotpath] deep mode stopped: the collector sent"), 10, app, "the stop");
                assertStoppedWithinASecond(app.output(), false);
                await(() -> collector.counters().getAgent("deep.stopped.collector") == 1, 30, app, "the stop counter");
            }
            assertEquals(List.of(), outbox(outbox));
            app.stop(30);
        }
    }

    /**
     * The flame graph of the app's request threads (the HTTP server's pool workers, the whole recording as
     * their window) from the real async-profiler wall files names the app's known hot method.
     */
    private static void assertFlameGraphShowsTheHotMethod(List<Path> wallFiles, Path runDir) throws IOException {
        List<RequestWindow> windows = new java.util.ArrayList<>();
        for (Path f : wallFiles) {
            try (JfrReader reader = new JfrReader(f.toString())) {
                reader.threads.forEach((tid, name) -> {
                    Long javaId = reader.javaThreads.get(tid);
                    if (name.startsWith("pool-") && javaId != null) {
                        windows.add(new RequestWindow(javaId, 0, Long.MAX_VALUE));
                    }
                });
            }
        }
        assertFalse(windows.isEmpty(), "the wall recordings name the app's worker threads");
        SlowPathFlameGraph.Result result = SlowPathFlameGraph.write(runDir, "GET", "/work/{n}", wallFiles, windows);
        String hot = HotMethodApp.class.getName() + ".crunchPrimes";
        assertTrue(result.stacks().samplesThrough(hot) > 0, result.stacks().toText());
        assertTrue(Files.readString(runDir.resolve(result.link())).contains("crunchPrimes"));
    }

    /** The agent's own account: time from the trigger (file or command) to the profiler being stopped. */
    private static void assertStoppedWithinASecond(String output, boolean killFile) {
        Matcher m = STOP_LATENCY.matcher(output);
        assertTrue(m.find(), output);
        long millis = Long.parseLong(m.group(2));
        if (killFile) {
            Matcher seen = SEEN.matcher(m.group(1));
            assertTrue(seen.find(), m.group(1));
            millis += Long.parseLong(seen.group(1));
        }
        assertTrue(millis < 1000, "stopped " + millis + " ms after the trigger: " + m.group());
        assertTrue(output.contains("profiler: Profiler is not active"), output);
    }
}
