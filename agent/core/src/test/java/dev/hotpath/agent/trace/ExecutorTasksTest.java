package dev.hotpath.agent.trace;

import dev.hotpath.agent.aggregate.Aggregates;
import dev.hotpath.agent.aggregate.PoolWaits;
import dev.hotpath.agent.export.AgentCounters;
import dev.hotpath.agent.pools.PoolKind;
import dev.hotpath.agent.pools.PoolSampler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The recorder's executor hooks called the way the instrumentation calls them (submit on the request
 * thread, start and end on a worker): context on the worker, the task span, the route's thread-pool
 * wait, the pool's gauge, and what happens to tasks that outlive their request.
 */
class ExecutorTasksTest {
    private final RecorderUnderTest underTest = new RecorderUnderTest("collector=http://127.0.0.1:9,sample.rate=0");
    private final AgentCounters counters = underTest.counters;
    private final Aggregates aggregates = underTest.aggregates;
    private final PoolSampler sampler = underTest.sampler;
    private final RequestRecorder recorder = underTest.recorder;
    private final ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 2, 1, TimeUnit.MINUTES, new ArrayBlockingQueue<>(4));

    @AfterEach
    void stop() {
        underTest.close();
        pool.shutdownNow();
    }

    @Test
    void aTaskRunsInItsRequestsTraceAndGetsASpanWithItsPoolAndQueueWait() throws Exception {
        LocalTrace trace = (LocalTrace) recorder.serverEnter("GET", "/quotes/7", null, null);
        Runnable task = () -> { };
        recorder.taskSubmitted(task, false);
        AtomicReference<LocalSpan> db = new AtomicReference<>();
        onWorker("quote-worker-3", () -> {
            recorder.workerStarted(pool);
            Object token = recorder.taskStart(task);
            db.set(statement());
            recorder.taskEnd(token, null);
            assertNull(statement().trace, "after the task, the worker is outside any request again");
        });
        recorder.serverExit(trace, 200, "/quotes/{id}", null);

        assertSame(trace, db.get().trace, "SQL inside the task belongs to the request");
        assertEquals(trace.root.spanId, db.get().parentSpanId);
        List<LocalSpan> tasks = trace.children.stream().filter(s -> s.type == SpanType.EXECUTOR_TASK).toList();
        assertEquals(1, tasks.size(), trace.children.toString());
        LocalSpan span = tasks.get(0);
        assertEquals(trace.root.spanId, span.parentSpanId);
        assertEquals("quote-worker", span.task.poolName);
        assertTrue(span.task.done);
        assertTrue(span.task.queueWaitNanos >= 0 && span.task.runStartNanos >= span.startNanos);
        assertTrue(span.task.endNanos >= span.task.runStartNanos);
        assertTrue(trace.children.contains(db.get()));

        List<PoolWaits.Interval> waits = aggregates.route("GET", "/quotes/{id}").waits().drain();
        assertEquals(1, waits.size(), waits.toString());
        assertEquals(PoolKind.THREAD, waits.get(0).kind());
        assertEquals("quote-worker", waits.get(0).pool());
        assertEquals(1, waits.get(0).count());
        assertEquals(span.task.queueWaitNanos, waits.get(0).totalNanos());

        sampleNow();
        PoolSampler.PoolInterval gauge = sampler.drain().stream().filter(p -> p.name().equals("quote-worker")).findFirst().orElseThrow();
        assertEquals(PoolKind.THREAD, gauge.kind());
        assertEquals(1, gauge.core());
        assertEquals(2, gauge.max());
        assertEquals(0, gauge.rejected());
    }

    @Test
    void aScheduledTasksDelayIsNotQueueWait() throws Exception {
        LocalTrace trace = (LocalTrace) recorder.serverEnter("GET", "/later", null, null);
        Delayed task = new Delayed() {
            @Override
            public long getDelay(TimeUnit unit) {
                return unit.convert(1, TimeUnit.HOURS);
            }

            @Override
            public int compareTo(Delayed o) {
                return 0;
            }
        };
        recorder.taskSubmitted(task, true);
        onWorker("scheduler-1", () -> recorder.taskEnd(recorder.taskStart(task), null));
        recorder.serverExit(trace, 200, "/later", null);
        LocalSpan span = trace.children.get(0);
        assertEquals(0, span.task.queueWaitNanos, "it ran before its delay was over: no time waiting for a thread");
    }

    @Test
    void aStageBuiltInTheRequestAndHandedToItsExecutorLaterWaitsFromTheHandOff() throws Exception {
        LocalTrace trace = (LocalTrace) recorder.serverEnter("GET", "/async", null, null);
        Object stage = new java.util.concurrent.RecursiveAction() { // built in the request (a CompletableFuture stage)
            @Override
            protected void compute() {
            }
        };
        recorder.forkJoinTaskCreated(stage);
        Thread.sleep(600); // the response it depends on takes a while: that is not queue wait
        onWorker("selector", () -> recorder.taskSubmitted(stage, false)); // handed to the executor outside the request
        onWorker("pool-1-thread-1", () -> recorder.taskEnd(recorder.taskStart(stage), null));
        recorder.serverExit(trace, 200, "/async", null);
        LocalSpan span = trace.children.get(0);
        assertTrue(span.task.queueWaitNanos < TimeUnit.MILLISECONDS.toNanos(500),
                "queue wait from the hand-off, not from construction: " + span.task.queueWaitNanos);
    }

    @Test
    void aTaskStartingAfterItsRequestEndedRunsWithoutItsContext() throws Exception {
        LocalTrace trace = (LocalTrace) recorder.serverEnter("GET", "/fire-and-forget", null, null);
        Runnable task = () -> { };
        recorder.taskSubmitted(task, false);
        recorder.serverExit(trace, 200, "/fire-and-forget", null);
        AtomicReference<LocalSpan> db = new AtomicReference<>();
        onWorker("audit-1", () -> {
            Object token = recorder.taskStart(task);
            assertNull(token);
            db.set(statement());
        });
        assertNull(db.get().trace, "the request's trace is not touched after it ended");
        assertTrue(trace.children.isEmpty());
        assertEquals(1, counters.get(AgentCounters.TASKS_AFTER_REQUEST));
        assertNull(trace.handle.trace, "pending tasks no longer hold the finished trace");
    }

    @Test
    void aTaskStillRunningWhenItsRequestEndsAttachesNothingMore() throws Exception {
        LocalTrace trace = (LocalTrace) recorder.serverEnter("GET", "/slow-task", null, null);
        Runnable task = () -> { };
        recorder.taskSubmitted(task, false);
        AtomicReference<Object> token = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            token.set(recorder.taskStart(task));
            synchronized (token) {
                token.notifyAll();
                try {
                    token.wait(); // until the request has ended
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            statement();
            recorder.taskEnd(token.get(), new IllegalStateException("late"));
        }, "late-worker-1");
        synchronized (token) {
            worker.start();
            token.wait();
        }
        recorder.serverExit(trace, 200, "/slow-task", null);
        int spans = trace.children.size();
        LocalSpan span = trace.children.get(0);
        assertTrue(!span.task.done, "still running when the request ended: exported as unfinished");
        synchronized (token) {
            token.notifyAll();
        }
        worker.join();
        assertEquals(spans, trace.children.size(), "the task's later SQL is not attached to the ended trace");
        assertEquals(1, counters.get(AgentCounters.SPANS_DROPPED_AFTER_REQUEST));
        assertEquals("java.lang.IllegalStateException", span.task.errorType);
    }

    @Test
    void aTaskRunByItsOwnRequestThreadNeedsNoSpan() {
        LocalTrace trace = (LocalTrace) recorder.serverEnter("GET", "/caller-runs", null, null);
        Runnable task = () -> { };
        recorder.taskSubmitted(task, false);
        assertNull(recorder.taskStart(task), "caller-runs, invoke, join: the context is already there");
        assertSame(trace, statement().trace);
        recorder.serverExit(trace, 200, "/caller-runs", null);
        assertTrue(trace.children.stream().noneMatch(s -> s.type == SpanType.EXECUTOR_TASK));
    }

    @Test
    void rejectionsAreCountedOnThePoolsGauge() throws Exception {
        onWorker("bounded-1", () -> {
            LocalTrace trace = (LocalTrace) recorder.serverEnter("GET", "/x", null, null);
            Runnable task = () -> { };
            recorder.taskSubmitted(task, false);
            recorder.serverExit(trace, 200, "/x", null);
        });
        recorder.taskRejected(pool);
        recorder.taskRejected(pool);
        sampleNow();
        PoolSampler.PoolInterval gauge = sampler.drain().get(0);
        assertEquals("ThreadPoolExecutor", gauge.name(), "rejected before any worker ran a request's task: the class name");
        assertEquals(2, gauge.rejected());
    }

    /**
     * Takes a sample whatever the exporter's thread (started by the first request) last did: had it just sampled,
     * possibly before the pool was tracked, a sample "due now" would be skipped and the interval would be empty.
     */
    private void sampleNow() {
        sampler.sampleIfDue(System.nanoTime() + TimeUnit.SECONDS.toNanos(1));
    }

    private LocalSpan statement() {
        LocalSpan span = (LocalSpan) recorder.statementEnter(new Object(), "select price from quotes where id = 7", false);
        recorder.statementExit(span, null);
        return span;
    }

    private static void onWorker(String name, Runnable body) throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        }, name);
        t.start();
        t.join();
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
    }
}
