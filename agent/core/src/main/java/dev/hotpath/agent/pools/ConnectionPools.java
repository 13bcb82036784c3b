package dev.hotpath.agent.pools;

import dev.hotpath.agent.trace.WeakIdentityMap;

/**
 * Names the DataSources requests get connections from, and starts sampling the ones whose pool we
 * can read (HikariCP). Other DataSources are named after their class; their acquire spans still
 * measure the wait.
 */
public final class ConnectionPools {
    private final WeakIdentityMap<String> names = new WeakIdentityMap<>(1024);
    private final PoolSampler sampler;

    public ConnectionPools(PoolSampler sampler) {
        this.sampler = sampler;
    }

    /** The pool's name; the first time a pool is seen, registers its gauge. */
    public String nameOf(Object dataSource) {
        String name = names.get(dataSource);
        if (name != null) {
            return name;
        }
        synchronized (this) {
            name = names.get(dataSource);
            if (name == null) {
                HikariGauge hikari = HikariGauge.of(dataSource);
                name = hikari != null ? hikari.name() : dataSource.getClass().getSimpleName();
                names.put(dataSource, name);
                if (hikari != null) {
                    sampler.register(hikari);
                }
            }
        }
        return name;
    }
}
