package dev.hotpath.agent.overload;

/**
 * Settings of the overload circuit breaker (keys {@code overload*} in README.md).
 *
 * @param enabled           {@code overload=on|off}
 * @param cpuShed           process CPU, as a share of the CPUs the JVM may use, at or above which a sample counts as hot
 * @param heapShed          heap used after the last GC, as a share of the maximum heap, at or above which a sample counts as hot
 * @param resumeBelow       both readings must stay below this share for {@code resumeAfterMillis} before work resumes
 * @param windowMillis      the breaker opens when CPU or heap after GC, averaged over the readings of this last stretch
 *                          of time (weighted by the time each covers), is at or above its threshold
 * @param resumeAfterMillis time every reading must stay below {@code resumeBelow} before the breaker closes again
 */
public record OverloadConfig(boolean enabled, double cpuShed, double heapShed, double resumeBelow, long windowMillis,
                             long resumeAfterMillis) {
    /** How often the exporter thread takes a reading. */
    public static final long SAMPLE_MILLIS = 1000;

    public static OverloadConfig defaults() {
        return new OverloadConfig(true, 0.95, 0.90, 0.80, 3_000, 10_000);
    }
}
