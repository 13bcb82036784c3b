package dev.hotpath.collector.jfr;

/**
 * JFR intake bounds and the JFR detectors' thresholds (defaults and meaning in collector/README.md).
 *
 * @param maxBodyBytes         upload limit of one chunk (413 beyond)
 * @param maxStoreBytes        disk bound of {@code <out>/jfr/}; the oldest chunks are deleted beyond it (counted)
 * @param maxRequests          request windows kept in memory for the join
 * @param maxEvents            lock waits and GC pauses kept in memory
 * @param lockMinRequests      affected requests needed for a lock-contention finding
 * @param lockMinTimeShare     blocked time / the endpoint's request time (JFR-seen requests) needed for a finding
 * @param gcMinRequests        slow requests overlapping a pause needed for a GC finding
 * @param gcMinSlowPauseShare  pause time / slow requests' time needed for a GC finding
 */
public record JfrSettings(long maxBodyBytes, long maxStoreBytes, int maxRequests, int maxEvents, int lockMinRequests,
                          double lockMinTimeShare, int gcMinRequests, double gcMinSlowPauseShare) {

    public JfrSettings {
        if (maxBodyBytes <= 0 || maxStoreBytes < 0 || maxRequests < 0 || maxEvents < 0 || lockMinRequests < 1 || gcMinRequests < 1) {
            throw new IllegalArgumentException("JFR limits must be positive");
        }
        if (!(lockMinTimeShare >= 0 && lockMinTimeShare <= 1) || !(gcMinSlowPauseShare >= 0 && gcMinSlowPauseShare <= 1)) {
            throw new IllegalArgumentException("JFR shares must be within 0..1");
        }
    }

    public static JfrSettings defaults() {
        return new JfrSettings(64L << 20, 1L << 30, 1_000_000, 1_000_000, 3, 0.05, 3, 0.1);
    }
}
