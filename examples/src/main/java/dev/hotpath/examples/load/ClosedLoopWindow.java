package dev.hotpath.examples.load;

/**
 * The measured part of a closed-loop run: after {@code warmupNanos} from the start, for {@code durationNanos}. A
 * request counts when it completes inside the window (wherever it started), so the count over the window's length is
 * the completion rate the service sustained at saturation.
 */
record ClosedLoopWindow(long startNanos, long warmupNanos, long durationNanos) {

    ClosedLoopWindow {
        if (warmupNanos < 0 || durationNanos <= 0) {
            throw new IllegalArgumentException("warm-up must be >= 0 and duration > 0");
        }
    }

    long measureFrom() {
        return startNanos + warmupNanos;
    }

    long end() {
        return startNanos + warmupNanos + durationNanos;
    }

    /** Whether a request completing at this {@code System.nanoTime()} is measured. */
    boolean measures(long completedAtNanos) {
        return completedAtNanos - measureFrom() >= 0 && end() - completedAtNanos > 0;
    }

    double seconds() {
        return durationNanos / 1e9;
    }

    /** Completions per second over the window. */
    double perSecond(long completions) {
        return completions / seconds();
    }
}
