package dev.hotpath.agent.pools;

import java.lang.ref.WeakReference;
import java.util.concurrent.ForkJoinPool;

/**
 * Reads a ForkJoinPool (the common pool included): parallelism as its maximum, threads running or
 * stealing tasks as active, queued submissions and tasks as pending. Completed tasks and rejections
 * are not kept by the pool (-1).
 */
final class ForkJoinPoolGauge implements PoolGauge {
    private final WeakReference<ForkJoinPool> pool;
    private final String name;

    ForkJoinPoolGauge(ForkJoinPool pool, String name) {
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
        ForkJoinPool p = pool.get();
        if (p == null || p.isTerminated()) {
            return false;
        }
        into.core = p.getParallelism();
        into.max = p.getParallelism();
        into.active = p.getActiveThreadCount();
        into.idle = Math.max(0, p.getPoolSize() - into.active);
        long queued = p.getQueuedSubmissionCount() + p.getQueuedTaskCount();
        into.pending = (int) Math.min(Integer.MAX_VALUE, queued);
        return true;
    }
}
