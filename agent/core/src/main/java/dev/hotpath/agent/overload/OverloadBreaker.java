package dev.hotpath.agent.overload;

/**
 * The decision of the overload circuit breaker, without I/O or clocks of its own (readings and time
 * are passed in, so it is tested with a fake clock). It opens (the agent sheds its own work) once
 * readings with CPU or heap-after-GC at or above its threshold have followed each other for
 * {@code shedAfterSamples} sample intervals, and closes again once every reading has stayed below
 * {@code resumeBelow} for {@code resumeAfterMillis}: the gap between the two thresholds and the wait keep
 * it from flapping. Hot time is counted by the time each reading covers (since the reading before it),
 * not by readings: when the thread that samples is starved of CPU, one late reading stands for the seconds
 * it covers (its CPU is the average over them), so the breaker does not open later for it. A reading below
 * both thresholds starts the count again. The breaker's thread only.
 */
public final class OverloadBreaker {
    /** What a sample changed. */
    public enum Decision { NONE, SHED, RESUME }

    private final OverloadConfig config;
    private boolean shedding;
    private long hotNanos; // the time covered by the hot readings in a row so far
    private boolean sampled;
    private long lastSampleNanos;
    private long calmSinceNanos;
    private boolean calm;
    private String lastCause = "";

    public OverloadBreaker(OverloadConfig config) {
        this.config = config;
    }

    public Decision onSample(long nowNanos, ResourceReading r) {
        long interval = OverloadConfig.SAMPLE_MILLIS * 1_000_000L;
        long covers = sampled ? Math.max(0, nowNanos - lastSampleNanos) : interval; // the first counts as one interval
        sampled = true;
        lastSampleNanos = nowNanos;
        boolean hot = r.cpu() >= config.cpuShed() || r.heapAfterGc() >= config.heapShed();
        if (!shedding) {
            hotNanos = hot ? hotNanos + covers : 0;
            if (hotNanos >= config.shedAfterSamples() * interval) {
                shedding = true;
                calm = false;
                lastCause = cause(r, hotNanos);
                return Decision.SHED;
            }
            return Decision.NONE;
        }
        boolean below = r.cpu() < config.resumeBelow() && r.heapAfterGc() < config.resumeBelow();
        if (!below) {
            calm = false;
            return Decision.NONE;
        }
        if (!calm) {
            calm = true;
            calmSinceNanos = nowNanos;
        }
        if (nowNanos - calmSinceNanos >= config.resumeAfterMillis() * 1_000_000L) {
            shedding = false;
            hotNanos = 0;
            calm = false;
            return Decision.RESUME;
        }
        return Decision.NONE;
    }

    public boolean shedding() {
        return shedding;
    }

    /** Which reading tripped the breaker, for its log line. */
    public String cause() {
        return lastCause;
    }

    private String cause(ResourceReading r, long forNanos) {
        StringBuilder s = new StringBuilder();
        if (r.cpu() >= config.cpuShed()) {
            s.append(String.format(java.util.Locale.ROOT, "process CPU %.0f%% >= %.0f%%", r.cpu() * 100, config.cpuShed() * 100));
        }
        if (r.heapAfterGc() >= config.heapShed()) {
            s.append(s.length() == 0 ? "" : " and ").append(String.format(java.util.Locale.ROOT,
                    "heap after GC %.0f%% >= %.0f%%", r.heapAfterGc() * 100, config.heapShed() * 100));
        }
        return s + String.format(java.util.Locale.ROOT, " for %.1f s", forNanos / 1e9);
    }
}
