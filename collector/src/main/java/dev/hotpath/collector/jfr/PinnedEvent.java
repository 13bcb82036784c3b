package dev.hotpath.collector.jfr;

import java.util.List;

/**
 * One {@code jdk.VirtualThreadPinned} (JDK 21+): a virtual thread that blocked while it could not unmount
 * from its carrier (inside {@code synchronized} before JDK 24, a native frame or a class initializer),
 * so the carrier thread was held for the whole wait.
 *
 * @param frames the virtual thread's stack at the pin, leaf first
 */
public record PinnedEvent(String instance, long threadId, long startNanos, long endNanos, List<Frame> frames) {

    public PinnedEvent {
        frames = List.copyOf(frames);
    }

    public long durationNanos() {
        return Math.max(0, endNanos - startNanos);
    }
}
