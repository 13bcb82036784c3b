package dev.hotpath.collector.stats;

/** One pool over one agent stats interval, as the agent sampled it. */
public record PoolWindow(String service, String instance, long startMs, long endMs, AgentStatsReport.PoolInterval pool) {

    public String kind() {
        return pool.kind();
    }

    public String name() {
        return pool.name();
    }
}
