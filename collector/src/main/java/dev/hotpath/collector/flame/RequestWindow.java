package dev.hotpath.collector.flame;

/**
 * One request as the profile sees it: the Java thread that served it (JFR's {@code javaThreadId}) between
 * two epoch-nanosecond instants. The JFR request events (trace id, span id, route) give these.
 */
public record RequestWindow(long javaThreadId, long startEpochNanos, long endEpochNanos) {
    public RequestWindow {
        if (endEpochNanos < startEpochNanos) {
            throw new IllegalArgumentException("window ends before it starts: " + startEpochNanos + " > " + endEpochNanos);
        }
    }

    boolean contains(long javaThreadId, long epochNanos) {
        return this.javaThreadId == javaThreadId && epochNanos >= startEpochNanos && epochNanos <= endEpochNanos;
    }
}
