package dev.hotpath.agent.pools;

import dev.hotpath.agent.export.AgentCounters;
import org.junit.jupiter.api.Test;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ThreadPoolsTest {

    @Test
    void aPoolIsNamedAfterItsWorkersWithoutTheirNumber() {
        assertEquals("quote-worker", ThreadPools.nameFromThread("quote-worker-3"));
        assertEquals("pool-1-thread", ThreadPools.nameFromThread("pool-1-thread-12"));
        assertEquals("ForkJoinPool.commonPool-worker", ThreadPools.nameFromThread("ForkJoinPool.commonPool-worker-1"));
        assertEquals("io#", ThreadPools.nameFromThread("io#"), "nothing to strip");
        assertEquals("grpc", ThreadPools.nameFromThread("grpc_7"));
        assertNull(ThreadPools.nameFromThread("Thread-7"), "a plain thread names no pool");
        assertNull(ThreadPools.nameFromThread("42"));
    }

    @Test
    void oneGaugePerPoolAndDistinctNamesForPoolsWithTheSameWorkerNames() {
        PoolSampler sampler = new PoolSampler(10, new AgentCounters());
        ThreadPools pools = new ThreadPools(sampler);
        ThreadPoolExecutor a = new ThreadPoolExecutor(2, 4, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>());
        ThreadPoolExecutor b = new ThreadPoolExecutor(1, 1, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>());
        ForkJoinPool fj = new ForkJoinPool(3);
        try {
            Thread worker = new Thread("worker-1");
            assertEquals("worker", pools.threadPool(a, worker));
            assertEquals("worker", pools.threadPool(a, new Thread("worker-2")), "the same pool, the same name");
            assertEquals("worker#2", pools.threadPool(b, worker));
            assertEquals("ForkJoinPool-9-worker", pools.forkJoinPool(fj, new Thread("ForkJoinPool-9-worker-1")));
            a.execute(() -> { });
            sampler.sampleIfDue(System.nanoTime());
            var intervals = sampler.drain();
            assertEquals(3, intervals.size(), intervals.toString());
            var gauge = intervals.stream().filter(i -> i.name().equals("worker")).findFirst().orElseThrow();
            assertEquals(2, gauge.core());
            assertEquals(4, gauge.max());
            var forkJoin = intervals.stream().filter(i -> i.name().startsWith("ForkJoinPool")).findFirst().orElseThrow();
            assertEquals(3, forkJoin.max());
            assertEquals(-1, forkJoin.completed());
        } finally {
            a.shutdownNow();
            b.shutdownNow();
            fj.shutdownNow();
        }
    }

    @Test
    void aShutDownPoolIsNoLongerSampled() throws Exception {
        PoolSampler sampler = new PoolSampler(10, new AgentCounters());
        ThreadPools pools = new ThreadPools(sampler);
        ThreadPoolExecutor a = new ThreadPoolExecutor(1, 1, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>());
        pools.threadPool(a, new Thread("short-lived-1"));
        a.shutdown();
        a.awaitTermination(5, TimeUnit.SECONDS);
        sampler.sampleIfDue(System.nanoTime());
        assertEquals(0, sampler.drain().size());
    }
}
