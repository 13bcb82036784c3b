package dev.hotpath.collector.jfr;

import java.util.List;

/**
 * One {@code jdk.ExecutionSample}: a thread caught running Java code (on CPU) at an instant.
 *
 * @param frames the sampled stack, leaf (the running method) first; shared between samples of the same stack
 */
public record CpuSample(String instance, long threadId, long timeNanos, List<Frame> frames) {
}
