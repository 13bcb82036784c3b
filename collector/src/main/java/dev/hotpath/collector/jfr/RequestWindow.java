package dev.hotpath.collector.jfr;

/**
 * One inbound request as the agent's {@code dev.hotpath.RequestSpan} event reports it: which thread of
 * which JVM served it, and when (JFR's clock, epoch nanoseconds).
 *
 * @param kept the agent exported its trace (only kept trace ids may be exemplars)
 */
public record RequestWindow(String service, String instance, long threadId, long startNanos, long endNanos,
                            String traceId, String spanId, String method, String route, boolean kept) {

    public long durationNanos() {
        return Math.max(0, endNanos - startNanos);
    }
}
