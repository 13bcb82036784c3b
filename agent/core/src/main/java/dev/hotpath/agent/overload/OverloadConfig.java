package dev.hotpath.agent.overload;

/**
 * Settings of the overload circuit breaker (keys {@code overload*} in README.md).
 *
 * @param enabled           {@code overload=on|off}
 * @param cpuShed           process CPU, as a share of the CPUs the JVM may use, at or above which a sample counts as hot
 * @param heapShed          heap used after the last GC, as a share of the maximum heap, at or above which a sample counts as hot
 * @param resumeBelow       both readings must stay below this share for {@code resumeAfterMillis} before work resumes
 * @param shedAfterSamples  seconds covered by hot readings in a row (one a second) that trip the breaker
 * @param resumeAfterMillis time every reading must stay below {@code resumeBelow} before the breaker closes again
 */
public record OverloadConfig(boolean enabled, double cpuShed, double heapShed, double resumeBelow, int shedAfterSamples,
                             long resumeAfterMillis) {
    /** How often the breaker's thread takes a reading. */
    public static final long SAMPLE_MILLIS = 1000;

    public static OverloadConfig defaults() {
        return new OverloadConfig(true, 0.95, 0.90, 0.80, 3, 10_000);
    }
}
