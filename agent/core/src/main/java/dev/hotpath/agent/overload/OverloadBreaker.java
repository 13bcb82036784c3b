package dev.hotpath.agent.overload;

/**
 * The decision of the overload circuit breaker, without I/O or clocks of its own (readings and time
 * are passed in, so it is tested with a fake clock). It opens (the agent sheds its own work) after
 * {@code shedAfterSamples} consecutive samples with CPU or heap-after-GC at or above its threshold, and
 * closes again once every reading has stayed below {@code resumeBelow} for {@code resumeAfterMillis}:
 * the gap between the two thresholds and the wait keep it from flapping. Exporter thread only.
 */
public final class OverloadBreaker {
    /** What a sample changed. */
    public enum Decision { NONE, SHED, RESUME }

    private final OverloadConfig config;
    private boolean shedding;
    private int hotSamples;
    private long calmSinceNanos;
    private boolean calm;
    private String lastCause = "";

    public OverloadBreaker(OverloadConfig config) {
        this.config = config;
    }

    public Decision onSample(long nowNanos, ResourceReading r) {
        boolean hot = r.cpu() >= config.cpuShed() || r.heapAfterGc() >= config.heapShed();
        if (!shedding) {
            hotSamples = hot ? hotSamples + 1 : 0;
            if (hotSamples >= config.shedAfterSamples()) {
                shedding = true;
                calm = false;
                lastCause = cause(r);
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
            hotSamples = 0;
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

    private String cause(ResourceReading r) {
        StringBuilder s = new StringBuilder();
        if (r.cpu() >= config.cpuShed()) {
            s.append(String.format(java.util.Locale.ROOT, "process CPU %.0f%% >= %.0f%%", r.cpu() * 100, config.cpuShed() * 100));
        }
        if (r.heapAfterGc() >= config.heapShed()) {
            s.append(s.length() == 0 ? "" : " and ").append(String.format(java.util.Locale.ROOT,
                    "heap after GC %.0f%% >= %.0f%%", r.heapAfterGc() * 100, config.heapShed() * 100));
        }
        return s + " for " + config.shedAfterSamples() + " samples";
    }
}
