package dev.hotpath.examples.shop.deps;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The shop's worker pools for quotes: {@code quote-worker}, 2 threads shared by every request (too
 * small for the demo's top load), and {@code quote-worker-fixed}, 16 threads. Both have a bounded
 * queue that rejects when full.
 */
public final class WorkerPools implements AutoCloseable {
    private final ThreadPoolExecutor quoteWorkers = pool("quote-worker", 2);
    private final ThreadPoolExecutor quoteWorkersFixed = pool("quote-worker-fixed", 16);

    public ExecutorService quoteWorkers() {
        return quoteWorkers;
    }

    public ExecutorService quoteWorkersFixed() {
        return quoteWorkersFixed;
    }

    private static ThreadPoolExecutor pool(String name, int threads) {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(500), factory,
                new ThreadPoolExecutor.AbortPolicy());
    }

    @Override
    public void close() {
        quoteWorkers.shutdownNow();
        quoteWorkersFixed.shutdownNow();
    }
}
