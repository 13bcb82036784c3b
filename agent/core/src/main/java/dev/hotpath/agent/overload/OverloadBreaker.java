package dev.hotpath.agent.overload;

import java.util.ArrayDeque;

/**
 * The decision of the overload circuit breaker, without I/O or clocks of its own (readings and time
 * are passed in, so it is tested with a fake clock). It opens (the agent sheds its own work) when CPU or
 * heap-after-GC, averaged over the readings of the last {@code windowMillis} (each weighted by the time
 * since the reading before it), is at or above its threshold, and closes again once every reading has
 * stayed below {@code resumeBelow} for {@code resumeAfterMillis}: the gap between the two thresholds and
 * the wait keep it from flapping. Weighting by time matters when the exporter thread is starved or stuck
 * in a network call: one late reading that covers several overloaded seconds fills the window at once,
 * and a one-second dip inside sustained overload does not start the count again. Exporter thread only.
 */
public final class OverloadBreaker {
    /** What a sample changed. */
    public enum Decision { NONE, SHED, RESUME }

    private final OverloadConfig config;
    private final ArrayDeque<Interval> window = new ArrayDeque<>();
    private long windowNanos; // the time the intervals in the window cover
    private boolean sampled;
    private long lastSampleNanos;
    private boolean shedding;
    private long calmSinceNanos;
    private boolean calm;
    private String lastCause = "";

    /** A reading and the time it stands for (the readings are averages over the same interval). */
    private record Interval(long nanos, double cpu, double heap) {
    }

    public OverloadBreaker(OverloadConfig config) {
        this.config = config;
    }

    public Decision onSample(long nowNanos, ResourceReading r) {
        long covers = sampled ? Math.max(0, nowNanos - lastSampleNanos) : OverloadConfig.SAMPLE_MILLIS * 1_000_000L;
        sampled = true;
        lastSampleNanos = nowNanos;
        if (!shedding) {
            return onSampleWhileOpen(covers, r);
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
            calm = false;
            return Decision.RESUME;
        }
        return Decision.NONE;
    }

    private Decision onSampleWhileOpen(long covers, ResourceReading r) {
        long full = config.windowMillis() * 1_000_000L;
        // an unknown reading counts as cool: it never trips the breaker
        window.addLast(new Interval(covers, Math.max(0, r.cpu()), Math.max(0, r.heapAfterGc())));
        windowNanos += covers;
        while (window.size() > 1 && windowNanos - window.peekFirst().nanos() >= full) {
            windowNanos -= window.removeFirst().nanos();
        }
        if (windowNanos < full) {
            return Decision.NONE;
        }
        double cpu = 0;
        double heap = 0;
        for (Interval i : window) {
            cpu += i.cpu() * i.nanos();
            heap += i.heap() * i.nanos();
        }
        cpu /= windowNanos;
        heap /= windowNanos;
        if (cpu < config.cpuShed() && heap < config.heapShed()) {
            return Decision.NONE;
        }
        shedding = true;
        calm = false;
        lastCause = cause(cpu, heap, windowNanos);
        window.clear();
        windowNanos = 0;
        return Decision.SHED;
    }

    public boolean shedding() {
        return shedding;
    }

    /** Which reading tripped the breaker, for its log line. */
    public String cause() {
        return lastCause;
    }

    private String cause(double cpu, double heap, long overNanos) {
        StringBuilder s = new StringBuilder();
        if (cpu >= config.cpuShed()) {
            s.append(String.format(java.util.Locale.ROOT, "process CPU %.0f%% >= %.0f%%", cpu * 100, config.cpuShed() * 100));
        }
        if (heap >= config.heapShed()) {
            s.append(s.length() == 0 ? "" : " and ").append(String.format(java.util.Locale.ROOT,
                    "heap after GC %.0f%% >= %.0f%%", heap * 100, config.heapShed() * 100));
        }
        return s + String.format(java.util.Locale.ROOT, " on average over the last %.1f s", overNanos / 1e9);
    }
}
