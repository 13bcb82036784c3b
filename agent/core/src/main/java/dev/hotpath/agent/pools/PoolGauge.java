package dev.hotpath.agent.pools;

/**
 * A pool the agent samples periodically on its exporter thread: a thread pool or a connection pool.
 * Implementations hold the pool weakly (never keep an application class loader alive) and read it
 * without locking it for long.
 */
public interface PoolGauge {
    PoolKind kind();

    /** Stable, human name: the pool's own name when it has one, else derived (see implementations). */
    String name();

    /**
     * Reads the pool now into {@code into} (already cleared). Returns false when the pool is gone
     * (collected or closed); the sampler then forgets the gauge.
     */
    boolean read(PoolReading into);
}
