package dev.hotpath.agent.deep;

import dev.hotpath.agent.AgentLog;
import dev.hotpath.agent.export.AgentCounters;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * Deep mode: async-profiler windows (wall, lock, alloc in turn) on canary instances only, each window's JFR
 * written to the outbox ({@code <kind>-<instance>-<n>.jfr}, written as {@code .tmp} then renamed) for the JFR
 * uploader, under guardrails. Every decision is logged once and counted in {@link AgentCounters}:
 * <ul>
 *   <li>refusal in premain (nothing loaded): not a canary, no library for this platform, a deny-listed JDK;</li>
 *   <li>CPU budget: the profiler's threads' CPU ({@link ProfilerCpu}) over {@code deep.cpu.budget} percent of
 *       one core aborts the window (its file is discarded);</li>
 *   <li>{@code deep.max.total}: profiling stops for good once that much time was profiled;</li>
 *   <li>kill switch: the kill file appearing, or the collector answering a stats post with
 *       {@code "deep":"stop"}, stops the profiler within a second (polled every 250 ms; the collector
 *       command also wakes the thread at once) and for the rest of the JVM's life;</li>
 *   <li>outbox bound: a window is skipped while the outbox holds {@link #MAX_OUTBOX_FILES} deep files.</li>
 * </ul>
 * One daemon thread ({@code hotpath-deep}), started with the first request, never in premain.
 */
public final class DeepProfiling {
    static final long POLL_MILLIS = 250;
    static final int MAX_OUTBOX_FILES = 32;
    private static final long MIN_BUDGET_SPAN_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final Pattern STOP_COMMAND = Pattern.compile("\"deep\"\\s*:\\s*\"stop\"");

    private final DeepConfig config;
    private final String fileStem;
    private final AgentCounters counters;
    private final Callable<NativeProfiler> loader;
    private final LongSupplier cpuNanos;
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile String stopReason;
    private volatile String stopCounter;
    private volatile long stopRequestedNanos;
    private volatile Thread thread;
    private volatile boolean finished;
    private volatile java.util.function.BooleanSupplier paused = () -> false;

    // deep thread only
    private NativeProfiler profiler;
    private long profiledNanos;
    private int windows;

    DeepProfiling(DeepConfig config, String instanceId, AgentCounters counters, Callable<NativeProfiler> loader,
                  LongSupplier cpuNanos) {
        this.config = config;
        this.fileStem = instanceId.replaceAll("[^A-Za-z0-9_.-]", "_");
        this.counters = counters;
        this.loader = loader;
        this.cpuNanos = cpuNanos;
    }

    /**
     * Premain: decides whether deep mode may run here, says why in one line, counts refusals. Returns null
     * when it does not run (nothing is loaded, no thread is started).
     */
    public static DeepProfiling configure(DeepConfig config, String instanceId, AgentCounters counters) {
        if (!config.requested()) {
            return null;
        }
        Optional<String> refusal;
        try {
            refusal = refusal(config, instanceId, counters, JdkDenyList.load(),
                    System.getProperty("java.vm.name", ""), Runtime.version(), AsyncProfilerLibrary.platform() != null,
                    ProfilerCpu.available());
        } catch (RuntimeException e) {
            counters.increment(AgentCounters.AGENT_ERRORS);
            refusal = Optional.of("its checks failed (" + e + ")");
        }
        if (refusal.isPresent()) {
            AgentLog.info("deep mode refused: " + refusal.get() + "; nothing loaded");
            return null;
        }
        AgentLog.info("deep mode on (" + CanarySelection.decide(config, instanceId).reason() + "): "
                + describe(config));
        return new DeepProfiling(config, instanceId, counters, AsyncProfilerLibrary::load, ProfilerCpu::nanos);
    }

    /** The first reason deep mode must not run here, counted; empty when it may. */
    static Optional<String> refusal(DeepConfig config, String instanceId, AgentCounters counters, JdkDenyList denyList,
                                    String vmName, Runtime.Version version, boolean libraryShipped, boolean procReadable) {
        CanarySelection.Decision canary = CanarySelection.decide(config, instanceId);
        if (!canary.canary()) {
            counters.increment(AgentCounters.DEEP_REFUSED_NOT_CANARY);
            return Optional.of("this instance is not a canary (" + canary.reason() + ")");
        }
        if (!libraryShipped || !procReadable) {
            counters.increment(AgentCounters.DEEP_REFUSED_PLATFORM);
            return Optional.of(!libraryShipped
                    ? "no async-profiler library for " + System.getProperty("os.name") + "/" + System.getProperty("os.arch")
                    : "/proc/self/task is not readable, so the CPU budget cannot be enforced");
        }
        Optional<String> denied = denyList.reason(vmName, version);
        if (denied.isPresent()) {
            if (!config.allowDeniedJdk()) {
                counters.increment(AgentCounters.DEEP_REFUSED_JDK);
                return Optional.of("JDK " + version + " (" + vmName + ") is on the deny list: " + denied.get()
                        + " (deep.jdk.override=true runs anyway, at your risk)");
            }
            counters.increment(AgentCounters.DEEP_JDK_OVERRIDE);
            AgentLog.info("deep mode runs on deny-listed JDK " + version + " because deep.jdk.override=true: " + denied.get());
        }
        return Optional.empty();
    }

    private static String describe(DeepConfig c) {
        StringBuilder modes = new StringBuilder();
        for (DeepMode m : c.modes()) {
            modes.append(modes.length() == 0 ? "" : "+").append(m.name().toLowerCase(Locale.ROOT));
        }
        return String.format(Locale.ROOT, "modes %s, %d ms windows every %d ms, CPU budget %s%% of one core, "
                        + "at most %d ms in total, kill file %s, outbox %s", modes, c.windowMillis(), c.everyMillis(),
                c.cpuBudgetPercent(), c.maxTotalMillis(), c.killFile() == null ? "none" : c.killFile(), c.outbox());
    }

    /** While this says true (the overload breaker sheds), windows due are skipped and counted. */
    public void pauseWhile(java.util.function.BooleanSupplier paused) {
        this.paused = paused;
    }

    /** Starts the deep thread on first use (the first request); a volatile read afterwards. */
    public void ensureStarted() {
        if (started.get() || !started.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(this::run, "hotpath-deep");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /** Exporter thread: the collector's answer to a stats post; {@code "deep":"stop"} stops profiling. */
    public void onCollectorResponse(String body) {
        if (body != null && STOP_COMMAND.matcher(body).find()) {
            requestStop("the collector sent \"deep\":\"stop\"", AgentCounters.DEEP_STOPPED_COLLECTOR);
        }
    }

    /** Shutdown hook: stop the profiler (the window in progress is discarded) within the deadline. */
    public void shutdown(long deadlineMillis) {
        requestStop(null, null);
        Thread t = thread;
        if (t != null) {
            try {
                t.join(deadlineMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void requestStop(String reason, String counter) {
        synchronized (this) {
            if (stopReason != null || finished) {
                return;
            }
            stopCounter = counter;
            stopRequestedNanos = System.nanoTime();
            stopReason = reason == null ? "the JVM is exiting" : reason;
        }
        Thread t = thread;
        if (t != null) {
            java.util.concurrent.locks.LockSupport.unpark(t);
        }
    }

    /** True once deep mode has stopped for good (kill switch, collector, max total, load failure). */
    public boolean finished() {
        return finished;
    }

    private void run() {
        long nextStart = System.nanoTime();
        try {
            while (!stopRequested()) {
                long now = System.nanoTime();
                if (now < nextStart) {
                    pause(nextStart - now);
                    continue;
                }
                long left = TimeUnit.MILLISECONDS.toNanos(config.maxTotalMillis()) - profiledNanos;
                if (left <= 0) {
                    requestStop("deep.max.total=" + config.maxTotalMillis() + "ms reached", AgentCounters.DEEP_STOPPED_MAX_TOTAL);
                    break;
                }
                nextStart = now + TimeUnit.MILLISECONDS.toNanos(config.everyMillis());
                if (paused.getAsBoolean()) {
                    counters.increment(AgentCounters.DEEP_WINDOWS_SKIPPED_OVERLOAD);
                    continue;
                }
                if (!ensureLoaded()) {
                    break;
                }
                runWindow(config.modes().get(windows % config.modes().size()),
                        Math.min(TimeUnit.MILLISECONDS.toNanos(config.windowMillis()), left));
            }
        } catch (Throwable t) {
            counters.increment(AgentCounters.AGENT_ERRORS);
            AgentLog.info("deep mode failed and stops: " + t);
        } finally {
            finish();
        }
    }

    private boolean ensureLoaded() {
        if (profiler != null) {
            return true;
        }
        try {
            profiler = loader.call();
            if (profiler instanceof AsyncProfilerLibrary lib) {
                AgentLog.info("deep mode: async-profiler " + lib.version() + " loaded");
            }
            return true;
        } catch (Throwable t) {
            counters.increment(AgentCounters.DEEP_LOAD_FAILED);
            AgentLog.info("deep mode off: async-profiler could not be loaded: " + t);
            return false;
        }
    }

    private void runWindow(DeepMode mode, long lengthNanos) throws IOException {
        windows++;
        Files.createDirectories(config.outbox());
        if (deepFilesInOutbox() >= MAX_OUTBOX_FILES) {
            counters.increment(AgentCounters.DEEP_WINDOWS_SKIPPED_OUTBOX);
            AgentLog.warnRateLimited("deep-outbox", "deep window skipped: " + config.outbox() + " already holds "
                    + MAX_OUTBOX_FILES + " deep-mode files nobody uploaded (counted as deep.windows.skipped.outbox_full)");
            return;
        }
        Path done = config.outbox().resolve(mode.kind() + "-" + fileStem + "-" + windows + ".jfr");
        Path tmp = done.resolveSibling(done.getFileName() + ".tmp");
        long cpu0 = cpuNanos.getAsLong();
        long t0 = System.nanoTime();
        try {
            profiler.execute("start," + mode.events() + ",jfr,file=" + tmp);
        } catch (Exception e) {
            counters.increment(AgentCounters.DEEP_WINDOWS_FAILED);
            AgentLog.warnRateLimited("deep-start", "deep window (" + mode.kind() + ") could not start: " + e.getMessage());
            Files.deleteIfExists(tmp);
            return;
        }
        String overBudget = null;
        long elapsed = 0;
        while (!stopRequested() && (elapsed = System.nanoTime() - t0) < lengthNanos) {
            pause(Math.min(TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS), lengthNanos - elapsed));
            overBudget = overBudget(cpu0, t0, false);
            if (overBudget != null) {
                break;
            }
        }
        if (overBudget == null && !stopRequested()) {
            overBudget = overBudget(cpu0, t0, true);
        }
        String stopped = stopProfiler(mode);
        elapsed = System.nanoTime() - t0;
        profiledNanos += elapsed;
        counters.add(AgentCounters.DEEP_PROFILED_MS, TimeUnit.NANOSECONDS.toMillis(elapsed));
        if (stopRequested() || overBudget != null || stopped == null) {
            Files.deleteIfExists(tmp);
            if (overBudget != null) {
                counters.increment(AgentCounters.DEEP_WINDOWS_ABORTED_CPU);
                AgentLog.warnRateLimited("deep-cpu", "deep window (" + mode.kind() + ") aborted and discarded: " + overBudget
                        + " (counted as deep.windows.aborted.cpu_budget)");
            }
            return;
        }
        Files.move(tmp, done, StandardCopyOption.ATOMIC_MOVE);
        counters.increment(AgentCounters.DEEP_WINDOWS_COMPLETED);
        AgentLog.debug(String.format(Locale.ROOT, "deep window written: %s (profiler threads: %.2f%% of one core)", done,
                100.0 * (cpuNanos.getAsLong() - cpu0) / Math.max(1, elapsed)));
    }

    /** The over-budget explanation, or null. Checked once at least 500 ms ran (or at the end): CPU clocks are coarse. */
    private String overBudget(long cpu0, long t0, boolean end) {
        long wall = System.nanoTime() - t0;
        if (!end && wall < MIN_BUDGET_SPAN_NANOS) {
            return null;
        }
        long cpu = cpuNanos.getAsLong() - cpu0;
        double percent = 100.0 * cpu / Math.max(1, wall);
        if (percent <= config.cpuBudgetPercent()) {
            return null;
        }
        return String.format(Locale.ROOT, "the profiler's threads used %.1f ms CPU in %d ms (%.2f%% of one core), over deep.cpu.budget=%s%%",
                cpu / 1e6, TimeUnit.NANOSECONDS.toMillis(wall), percent, config.cpuBudgetPercent());
    }

    /** Stops the profiler; returns its answer, or null when it failed (the window is then discarded). */
    private String stopProfiler(DeepMode mode) {
        try {
            return profiler.execute("stop");
        } catch (Exception e) {
            counters.increment(AgentCounters.DEEP_WINDOWS_FAILED);
            AgentLog.warnRateLimited("deep-stop", "deep window (" + mode.kind() + ") did not stop cleanly: " + e.getMessage());
            return null;
        }
    }

    private int deepFilesInOutbox() throws IOException {
        int n = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(config.outbox(), "deep-*.jfr")) {
            for (Path ignored : files) {
                n++;
            }
        }
        return n;
    }

    /** Checks the kill file; true once any stop was requested. */
    private boolean stopRequested() {
        if (stopReason == null && config.killFile() != null && Files.exists(config.killFile())) {
            requestStop("kill file " + config.killFile() + " exists (seen " + ageMillis(config.killFile())
                    + " ms after it appeared)", AgentCounters.DEEP_STOPPED_KILL_FILE);
        }
        return stopReason != null;
    }

    private static long ageMillis(Path file) {
        try {
            return Math.max(0, System.currentTimeMillis() - Files.getLastModifiedTime(file).toMillis());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Sleeps at most one poll period; the collector command and shutdown wake it at once. */
    private static void pause(long nanos) {
        java.util.concurrent.locks.LockSupport.parkNanos(Math.min(nanos, TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS)));
    }

    private void finish() {
        String reason;
        synchronized (this) {
            if (stopReason == null) {
                stopReason = "deep mode ended";
            }
            reason = stopReason;
            finished = true;
        }
        if (stopCounter != null) {
            counters.increment(stopCounter);
        }
        String state = "";
        if (profiler != null) {
            try {
                state = "; profiler: " + profiler.execute("status").strip();
            } catch (Exception e) {
                state = "; profiler status unknown: " + e.getMessage();
            }
        }
        long stopMillis = stopRequestedNanos == 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopRequestedNanos);
        AgentLog.info("deep mode stopped: " + reason + "; profiler stopped " + stopMillis + " ms after the stop request ("
                + windows + " windows, " + TimeUnit.NANOSECONDS.toMillis(profiledNanos) + " ms profiled" + state + ")");
    }
}
