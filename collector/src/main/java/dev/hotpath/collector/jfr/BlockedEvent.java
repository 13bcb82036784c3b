package dev.hotpath.collector.jfr;

import java.util.List;

/**
 * A thread blocked on a lock: {@code jdk.JavaMonitorEnter} (a {@code synchronized} monitor), or
 * {@code jdk.ThreadPark} inside a {@code java.util.concurrent} lock acquisition.
 *
 * @param lockClass the monitor's class, or the j.u.c lock class (ReentrantLock, not its $NonfairSync)
 * @param frames    the blocked thread's stack, top first
 */
public record BlockedEvent(String instance, long threadId, long startNanos, long endNanos, Kind kind, String lockClass,
                           List<Frame> frames) {

    public enum Kind {
        MONITOR("monitor-enter"), PARK("park");

        public final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    public BlockedEvent {
        frames = List.copyOf(frames);
    }

    public long durationNanos() {
        return Math.max(0, endNanos - startNanos);
    }
}
