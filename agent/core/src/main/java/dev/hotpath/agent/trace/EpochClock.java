package dev.hotpath.agent.trace;

import java.time.Instant;

/** Wall-clock nanos from {@link System#nanoTime()}: one anchor, then monotonic. */
public final class EpochClock {
    private final long anchorEpochNanos;
    private final long anchorNanoTime;

    public EpochClock() {
        Instant now = Instant.now();
        this.anchorNanoTime = System.nanoTime();
        this.anchorEpochNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    public long epochNanos(long nanoTime) {
        return anchorEpochNanos + (nanoTime - anchorNanoTime);
    }
}
