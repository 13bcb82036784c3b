package dev.hotpath.examples.bench;

import dev.hotpath.bootstrap.HotpathHooks;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Per-task cost of the executor instrumentation: a batch of {@link #BATCH} tasks submitted to a
 * one-thread ThreadPoolExecutor (or as CompletableFuture async tasks on a one-thread ForkJoinPool)
 * and run, outside any request (the hooks only look) and inside a recorded request (each task's
 * context captured and restored, a task span each). Scores are per task (submit + run, the handoff
 * to the worker included). Run without and with {@code -javaagent} by examples/bench/call-overhead.sh ExecutorBenchmark.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 8, time = 2)
@Fork(2)
public class ExecutorBenchmark {
    static final int BATCH = 100;

    private ThreadPoolExecutor pool;
    private ForkJoinPool forkJoin;

    /** A new task object per submit, as applications make (a lambda or the FutureTask of submit). */
    static final class Task implements Runnable {
        private final CountDownLatch done;

        Task(CountDownLatch done) {
            this.done = done;
        }

        @Override
        public void run() {
            done.countDown();
        }
    }

    @Setup(Level.Trial)
    public void start() {
        pool = new ThreadPoolExecutor(1, 1, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>());
        pool.prestartAllCoreThreads();
        forkJoin = new ForkJoinPool(1);
    }

    @TearDown(Level.Trial)
    public void stop() {
        pool.shutdownNow();
        forkJoin.shutdownNow();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void threadPool() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(BATCH);
        for (int i = 0; i < BATCH; i++) {
            pool.execute(new Task(done));
        }
        done.await();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void threadPoolInRequest() throws InterruptedException {
        Object request = HotpathHooks.serverEnter("GET", "/fan-out", null, null);
        try {
            threadPool();
        } finally {
            HotpathHooks.serverExit(request, 200, "/fan-out", null);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void completableFutureInRequest() {
        Object request = HotpathHooks.serverEnter("GET", "/fan-out-async", null, null);
        try {
            CountDownLatch done = new CountDownLatch(BATCH);
            CompletableFuture<?>[] futures = new CompletableFuture<?>[BATCH];
            for (int i = 0; i < BATCH; i++) {
                futures[i] = CompletableFuture.runAsync(new Task(done), forkJoin);
            }
            CompletableFuture.allOf(futures).join();
        } finally {
            HotpathHooks.serverExit(request, 200, "/fan-out-async", null);
        }
    }
}
