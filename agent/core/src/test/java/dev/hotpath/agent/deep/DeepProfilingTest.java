package dev.hotpath.agent.deep;

import dev.hotpath.agent.export.AgentCounters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The window loop and its guardrails against a scripted profiler (the real library runs in the examples' ITs). */
class DeepProfilingTest {

    /** Writes the file a start command names, as async-profiler does, and remembers every command. */
    static final class ScriptedProfiler implements NativeProfiler {
        final List<String> commands = new CopyOnWriteArrayList<>();
        volatile boolean active;

        @Override
        public String execute(String command) throws IOException {
            commands.add(command);
            if (command.startsWith("start,")) {
                Files.writeString(Path.of(command.substring(command.indexOf("file=") + 5)), "JFR");
                active = true;
                return "Profiling started\n";
            }
            if (command.equals("stop")) {
                active = false;
                return "OK\n";
            }
            return active ? "Profiling is running\n" : "Profiler is not active\n";
        }
    }

    private static DeepConfig config(Path outbox, long window, long every, double budget, long maxTotal, Path killFile) {
        return new DeepConfig(true, true, 0, List.of(DeepMode.values()), window, every, budget, maxTotal, killFile, outbox, false);
    }

    private static List<String> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void windowsTakeTheModesInTurnAndLandInTheOutboxRenamed(@TempDir Path dir) throws Exception {
        ScriptedProfiler profiler = new ScriptedProfiler();
        AgentCounters counters = new AgentCounters();
        Path outbox = dir.resolve("outbox");
        DeepProfiling deep = new DeepProfiling(config(outbox, 150, 150, 50, 60_000, null), "pod/1", counters, () -> profiler, () -> 0);
        deep.ensureStarted();
        await(() -> counters.get(AgentCounters.DEEP_WINDOWS_COMPLETED) >= 3, "three windows");
        deep.shutdown(2000);
        List<String> names = files(outbox);
        assertTrue(names.containsAll(List.of("deep-wall-pod_1-1.jfr", "deep-lock-pod_1-2.jfr", "deep-alloc-pod_1-3.jfr")), names.toString());
        assertTrue(names.stream().noneMatch(n -> n.endsWith(".tmp")), "no unfinished file is left: " + names);
        assertTrue(profiler.commands.get(0).startsWith("start,event=wall,interval=50ms,jfr,file="), profiler.commands.get(0));
        assertTrue(profiler.commands.get(0).endsWith("deep-wall-pod_1-1.jfr.tmp"), "written under a name the uploader ignores");
        assertFalse(profiler.active, "stopped at shutdown");
    }

    @Test
    void killFileStopsTheProfilerForGood(@TempDir Path dir) throws Exception {
        ScriptedProfiler profiler = new ScriptedProfiler();
        AgentCounters counters = new AgentCounters();
        Path kill = dir.resolve("stop-deep");
        DeepProfiling deep = new DeepProfiling(config(dir.resolve("outbox"), 60_000, 60_000, 50, 600_000, kill), "i", counters,
                () -> profiler, () -> 0);
        deep.ensureStarted();
        await(() -> profiler.active, "the first window");
        Files.createFile(kill);
        await(deep::finished, "the kill switch");
        assertFalse(profiler.active);
        assertEquals(1, counters.get(AgentCounters.DEEP_STOPPED_KILL_FILE));
        assertEquals(List.of(), files(dir.resolve("outbox")), "the interrupted window is discarded");
        Files.delete(kill);
        Thread.sleep(3 * DeepProfiling.POLL_MILLIS);
        assertEquals(1, profiler.commands.stream().filter(c -> c.startsWith("start,")).count(), "no window after a kill");
    }

    @Test
    void collectorCommandStopsTheProfiler(@TempDir Path dir) throws Exception {
        ScriptedProfiler profiler = new ScriptedProfiler();
        AgentCounters counters = new AgentCounters();
        DeepProfiling deep = new DeepProfiling(config(dir.resolve("outbox"), 60_000, 60_000, 50, 600_000, null), "i", counters,
                () -> profiler, () -> 0);
        deep.ensureStarted();
        await(() -> profiler.active, "the first window");
        deep.onCollectorResponse("{}");
        deep.onCollectorResponse("{\"other\":\"stop\"}");
        assertTrue(profiler.active, "only \"deep\":\"stop\" stops");
        deep.onCollectorResponse("{\"deep\": \"stop\"}");
        await(deep::finished, "the collector command");
        assertFalse(profiler.active);
        assertEquals(1, counters.get(AgentCounters.DEEP_STOPPED_COLLECTOR));
    }

    @Test
    void windowOverItsCpuBudgetIsAbortedAndDiscarded(@TempDir Path dir) throws Exception {
        ScriptedProfiler profiler = new ScriptedProfiler();
        AgentCounters counters = new AgentCounters();
        long start = System.nanoTime();
        LongSupplier halfACore = () -> (System.nanoTime() - start) / 2; // 50% of one core
        DeepProfiling deep = new DeepProfiling(config(dir.resolve("outbox"), 60_000, 60_000, 10, 600_000, null), "i", counters,
                () -> profiler, halfACore);
        deep.ensureStarted();
        await(() -> counters.get(AgentCounters.DEEP_WINDOWS_ABORTED_CPU) == 1, "the budget abort");
        await(() -> !profiler.active, "the profiler stopped");
        assertTrue(profiler.commands.contains("stop"));
        assertEquals(List.of(), files(dir.resolve("outbox")), "an aborted window leaves no file");
        deep.shutdown(2000);
    }

    @Test
    void maxTotalEndsDeepMode(@TempDir Path dir) throws Exception {
        ScriptedProfiler profiler = new ScriptedProfiler();
        AgentCounters counters = new AgentCounters();
        DeepProfiling deep = new DeepProfiling(config(dir.resolve("outbox"), 200, 200, 50, 500, null), "i", counters,
                () -> profiler, () -> 0);
        deep.ensureStarted();
        await(deep::finished, "max total");
        assertEquals(1, counters.get(AgentCounters.DEEP_STOPPED_MAX_TOTAL));
        assertTrue(counters.get(AgentCounters.DEEP_PROFILED_MS) >= 490, "profiled " + counters.get(AgentCounters.DEEP_PROFILED_MS));
        assertTrue(counters.get(AgentCounters.DEEP_PROFILED_MS) < 1500, "the last window is cut to what is left");
        assertFalse(profiler.active);
    }

    @Test
    void aFullOutboxSkipsWindowsAndCountsThem(@TempDir Path dir) throws Exception {
        Path outbox = Files.createDirectories(dir.resolve("outbox"));
        for (int i = 0; i < DeepProfiling.MAX_OUTBOX_FILES; i++) {
            Files.writeString(outbox.resolve("deep-wall-old-" + i + ".jfr"), "x");
        }
        ScriptedProfiler profiler = new ScriptedProfiler();
        AgentCounters counters = new AgentCounters();
        DeepProfiling deep = new DeepProfiling(config(outbox, 100, 100, 50, 600_000, null), "i", counters, () -> profiler, () -> 0);
        deep.ensureStarted();
        await(() -> counters.get(AgentCounters.DEEP_WINDOWS_SKIPPED_OUTBOX) >= 2, "skipped windows");
        deep.shutdown(2000);
        assertTrue(profiler.commands.stream().noneMatch(c -> c.startsWith("start,")), profiler.commands.toString());
    }

    @Test
    void aLibraryThatWillNotLoadTurnsDeepModeOff(@TempDir Path dir) throws Exception {
        AgentCounters counters = new AgentCounters();
        DeepProfiling deep = new DeepProfiling(config(dir.resolve("outbox"), 100, 100, 50, 600_000, null), "i", counters,
                () -> {
                    throw new UnsatisfiedLinkError("no such library");
                }, () -> 0);
        deep.ensureStarted();
        await(deep::finished, "giving up");
        assertEquals(1, counters.get(AgentCounters.DEEP_LOAD_FAILED));
    }
}
