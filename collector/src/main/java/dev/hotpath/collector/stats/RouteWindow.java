package dev.hotpath.collector.stats;

import java.util.List;

/**
 * One endpoint over one agent stats interval: requests, their total time, p95 and the time they
 * waited for pools. Mean in-flight requests of the endpoint in the window = totalNanos / window length
 * (Little's law), which is how the collector measures concurrency without sampling it.
 */
public record RouteWindow(EndpointKey key, String instance, long startMs, long endMs, long count, long totalNanos,
                          Double p95Ms, List<AgentStatsReport.PoolWait> waits) {

    public long waitNanos(String kind, String pool) {
        long sum = 0;
        for (AgentStatsReport.PoolWait w : waits) {
            if (w.kind().equals(kind) && w.pool().equals(pool)) {
                sum += w.totalNanos();
            }
        }
        return sum;
    }
}
