package dev.hotpath.agent.pools;

/**
 * One reading of a pool. Sizes are instantaneous; {@code completed}, {@code rejected} and
 * {@code timeouts} are cumulative since the pool started (the sampler sends deltas). -1 = unknown.
 */
public final class PoolReading {
    public int core;
    public int max;
    public int active;
    public int idle;
    /** Waiting for the pool: queued tasks (thread pool) or threads awaiting a connection. */
    public int pending;
    public long completed;
    public long rejected;
    public long timeouts;

    void clear() {
        core = -1;
        max = -1;
        active = -1;
        idle = -1;
        pending = -1;
        completed = -1;
        rejected = -1;
        timeouts = -1;
    }
}
