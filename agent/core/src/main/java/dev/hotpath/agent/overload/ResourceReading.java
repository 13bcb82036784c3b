package dev.hotpath.agent.overload;

/**
 * One sample of what the JVM is using: both as shares from 0 to 1, or {@link #UNKNOWN} when this JVM
 * does not tell (then that reading never trips the breaker).
 *
 * @param cpu          process CPU time over the interval / (wall time x CPUs the JVM may use)
 * @param heapAfterGc  heap in use right after the last collection / maximum heap
 */
public record ResourceReading(double cpu, double heapAfterGc) {
    public static final double UNKNOWN = -1;
}
