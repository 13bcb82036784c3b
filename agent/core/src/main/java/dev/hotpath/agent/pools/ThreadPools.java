package dev.hotpath.agent.pools;

import dev.hotpath.agent.trace.WeakIdentityMap;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * Names the thread pools requests' tasks run on and samples each one from the first time a request's
 * task runs on it (or it rejects a task). A pool's
 * name is its worker threads' name without the trailing number ("quote-worker-3" -> "quote-worker"),
 * else its class's simple name; a second live pool with the same name gets "#2". The same name goes
 * on task spans, route waits and the gauge. Pools are held weakly (the gauges too).
 */
public final class ThreadPools {
    static final int MAX_POOLS = 1024;

    private final WeakIdentityMap<PoolGauge> gauges = new WeakIdentityMap<>(MAX_POOLS);
    private final ConcurrentHashMap<String, Integer> namesTaken = new ConcurrentHashMap<>();
    private final PoolSampler sampler;

    public ThreadPools(PoolSampler sampler) {
        this.sampler = sampler;
    }

    /** A ThreadPoolExecutor seen from one of its workers; registers its gauge the first time. */
    public String threadPool(Object executor, Thread worker) {
        PoolGauge known = gauges.get(executor);
        return known != null ? known.name() : register(executor, worker == null ? null : worker.getName());
    }

    /** A ForkJoinPool seen from one of its workers. */
    public String forkJoinPool(ForkJoinPool pool, Thread worker) {
        PoolGauge known = gauges.get(pool);
        return known != null ? known.name() : register(pool, worker.getName());
    }

    /** A ThreadPoolExecutor rejected a task: counted on its gauge (any RejectedExecutionHandler). */
    public void rejected(Object executor) {
        PoolGauge gauge = gauges.get(executor);
        if (gauge == null) {
            register(executor, null); // rejecting before any worker started: named after its class
            gauge = gauges.get(executor);
        }
        if (gauge instanceof ThreadPoolGauge tpe) {
            tpe.rejected.increment();
        }
    }

    private synchronized String register(Object executor, String workerName) {
        PoolGauge gauge = gauges.get(executor);
        if (gauge != null) {
            return gauge.name();
        }
        String base = workerName == null ? null : nameFromThread(workerName);
        if (base == null) {
            String simple = executor.getClass().getSimpleName();
            base = simple.isEmpty() ? executor.getClass().getName() : simple;
        }
        String name = unique(base);
        if (executor instanceof ThreadPoolExecutor tpe) {
            gauge = new ThreadPoolGauge(tpe, name);
        } else if (executor instanceof ForkJoinPool fjp) {
            gauge = new ForkJoinPoolGauge(fjp, name);
        } else {
            return name;
        }
        if (gauges.put(executor, gauge)) {
            sampler.register(gauge); // once per pool: a full registry names pools but samples no more of them
        }
        return name;
    }

    private String unique(String base) {
        if (namesTaken.size() >= MAX_POOLS) {
            return base;
        }
        int n = namesTaken.merge(base, 1, Integer::sum);
        return n == 1 ? base : base + "#" + n;
    }

    /**
     * A pool's name from one of its threads' names: the trailing number and the separator before it
     * dropped; null when nothing meaningful is left (a plain "Thread-7").
     */
    public static String nameFromThread(String threadName) {
        if (threadName == null) {
            return null;
        }
        int end = threadName.length();
        while (end > 0 && Character.isDigit(threadName.charAt(end - 1))) {
            end--;
        }
        while (end < threadName.length() && end > 0 && "-_#. ".indexOf(threadName.charAt(end - 1)) >= 0) {
            end--; // the separator before the number
        }
        String name = threadName.substring(0, end);
        return name.isEmpty() || name.equals("Thread") ? null : name;
    }
}
