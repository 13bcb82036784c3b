package dev.hotpath.agent.pools;

import java.lang.ref.WeakReference;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.LongAdder;

/**
 * Reads a ThreadPoolExecutor (or subclass) through its public methods: core and maximum size,
 * active threads, queue depth, completed tasks; rejections are counted by the agent as they happen
 * (the JDK keeps no such count), whatever RejectedExecutionHandler the pool has.
 */
final class ThreadPoolGauge implements PoolGauge {
    private final WeakReference<ThreadPoolExecutor> pool;
    private final String name;
    final LongAdder rejected = new LongAdder();

    ThreadPoolGauge(ThreadPoolExecutor pool, String name) {
        this.pool = new WeakReference<>(pool);
        this.name = name;
    }

    @Override
    public PoolKind kind() {
        return PoolKind.THREAD;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean read(PoolReading into) {
        ThreadPoolExecutor p = pool.get();
        if (p == null || p.isTerminated()) {
            return false;
        }
        into.core = p.getCorePoolSize();
        into.max = p.getMaximumPoolSize();
        into.active = p.getActiveCount(); // takes the pool's main lock briefly, as getCompletedTaskCount does
        into.idle = Math.max(0, p.getPoolSize() - into.active);
        into.pending = p.getQueue().size();
        into.completed = p.getCompletedTaskCount();
        into.rejected = rejected.sum();
        return true;
    }
}
