package dev.hotpath.collector.jfr;

/** A stop-the-world pause ({@code jdk.GCPhasePause}, else {@code jdk.GarbageCollection}) of one JVM. */
public record GcPause(String instance, long startNanos, long endNanos, String name) {

    public long durationNanos() {
        return Math.max(0, endNanos - startNanos);
    }
}
