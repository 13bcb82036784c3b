package dev.hotpath.agent.trace;

import dev.hotpath.agent.export.AgentCounters;
import dev.hotpath.agent.pools.ThreadPools;

import java.lang.ref.WeakReference;
import java.util.concurrent.Delayed;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;

/**
 * Carries a request's context across executors without wrapping tasks: the submitting thread's trace
 * is remembered per task object (a bounded weak identity map, so a task that never runs leaves
 * nothing behind), and set as the worker's current trace around the task's run, then the worker's
 * previous context comes back (fork/join workers run tasks inside tasks while they help and join).
 *
 * <p>Each task that ran for a request gets an {@link SpanType#EXECUTOR_TASK} span under the request's
 * root span: from submit to the end of its run, with the pool and the queue wait. Spans the task makes
 * (JDBC, HTTP) have the request's root span as parent too, like the request thread's own: the
 * request's analysis (repeats, N+1, time shares) groups by the request, and the task span's time
 * range shows which ones ran in the task. A task that starts after its request ended runs without
 * the context (counted as {@code tasks.after_request}); one still running when the request ends keeps
 * its span, cut at the request's end and marked unfinished; what it attaches later is dropped and counted.
 */
final class ExecutorTasks {
    /** Tasks submitted in requests that have not started yet; more are not tracked (counted). */
    static final int MAX_PENDING = 32_768;
    static final String VIRTUAL_THREADS = "virtual-threads";
    static final String THREAD_PER_TASK = "thread-per-task";
    private static final String CARRIER_THREAD = "jdk.internal.misc.CarrierThread";
    private static final String COMPLETABLE_FUTURE = "java.util.concurrent.CompletableFuture$";
    private static final String ASYNC_SUPPLY = "java.util.concurrent.CompletableFuture$AsyncSupply";
    private static final String ASYNC_RUN = "java.util.concurrent.CompletableFuture$AsyncRun";

    private final ThreadLocal<LocalTrace> current;
    private final RequestRecorder recorder;
    private final AgentCounters counters;
    private final ThreadPools pools;
    private final WeakIdentityMap<TaskRun> pending = new WeakIdentityMap<>(MAX_PENDING);
    /** The pool a ThreadPoolExecutor worker thread belongs to, set once when its loop starts. */
    private final ThreadLocal<WorkerPool> workerPool = new ThreadLocal<>();

    ExecutorTasks(ThreadLocal<LocalTrace> current, RequestRecorder recorder, AgentCounters counters, ThreadPools pools) {
        this.current = current;
        this.recorder = recorder;
        this.counters = counters;
        this.pools = pools;
    }

    void submitted(Object task, boolean scheduled) {
        LocalTrace trace = current.get();
        if (trace == null) {
            // a task captured at construction (a CompletableFuture stage) handed to its executor later, by a
            // thread outside the request: its queue wait starts now, not when it was constructed
            TaskRun run = pending.isEmpty() ? null : pending.get(task);
            if (run != null && !scheduled) {
                run.readyNanos = System.nanoTime();
            }
            return;
        }
        long now = System.nanoTime();
        long ready = now;
        if (scheduled && task instanceof Delayed delayed) {
            ready = now + Math.max(0, delayed.getDelay(TimeUnit.NANOSECONDS)); // a scheduled delay is not queue wait
        }
        capture(task, trace, now, ready, true);
    }

    /**
     * Fork/join tasks are captured when constructed: CompletableFuture's async stages reach their
     * executor later, from whichever thread completes the stage before them.
     */
    void forkJoinTaskCreated(Object task) {
        LocalTrace trace = current.get();
        if (trace == null || isSynchronousCompletion(task)) {
            return;
        }
        long now = System.nanoTime();
        capture(task, trace, now, now, !(Thread.currentThread() instanceof ForkJoinWorkerThread));
    }

    /**
     * CompletableFuture's completions (thenApply, allOf's relays, ...) are ForkJoinTasks that mostly run
     * in whichever thread completes the stage before; the async ones are captured where they become
     * async (see ExecutorInstrumentation), so capturing every one here would only cost.
     */
    private static boolean isSynchronousCompletion(Object task) {
        String name = task.getClass().getName();
        return name.startsWith(COMPLETABLE_FUTURE) && !name.equals(ASYNC_SUPPLY) && !name.equals(ASYNC_RUN);
    }

    private void capture(Object task, LocalTrace trace, long submitNanos, long readyNanos, boolean spanWanted) {
        RequestHandle handle = trace.handle;
        if (handle == null) {
            // the first capture of a request is on its own thread: no other thread has the trace yet
            handle = new RequestHandle(trace);
            trace.handle = handle;
            trace.shared = true; // before the task is published to the executor: workers see both
        }
        if (!pending.put(task, new TaskRun(handle, submitNanos, readyNanos, spanWanted))) {
            counters.increment(AgentCounters.TASKS_UNTRACKED);
        }
    }

    /** The worker is about to run this task: restores its request's context; returns the token for {@link #end}. */
    Object start(Object task) {
        if (pending.isEmpty()) {
            return null; // no request has a task waiting: every task outside requests stops here
        }
        TaskRun run = pending.remove(task);
        if (run == null) {
            return null;
        }
        LocalTrace trace = run.request.trace;
        if (trace == null) {
            counters.increment(AgentCounters.TASKS_AFTER_REQUEST);
            return null;
        }
        LocalTrace previous = current.get();
        if (previous == trace || isCarrier(Thread.currentThread())) {
            // run inside its own request's context (invoke, join, caller-runs): nothing to change; or a
            // virtual thread's continuation, captured when a request unparked it: the virtual thread has its own
            return null;
        }
        LocalSpan span = null;
        if (run.spanWanted) {
            long now = System.nanoTime();
            run.runStartNanos = now;
            run.queueWaitNanos = Math.max(0, now - run.readyNanos);
            run.poolName = poolName();
            span = new LocalSpan(trace, SpanType.EXECUTOR_TASK, Ids.nonZero(), trace.root.spanId, run.submitNanos);
            span.task = run;
        }
        synchronized (trace) {
            if (trace.ended) {
                counters.increment(AgentCounters.TASKS_AFTER_REQUEST);
                return null;
            }
            if (span != null && recorder.attach(trace, span)) {
                run.span = span;
            }
        }
        run.previous = previous;
        current.set(trace);
        return run;
    }

    void end(Object token, Throwable error) {
        TaskRun run = (TaskRun) token;
        current.set(run.previous); // set, not remove: a worker keeps its thread-local entry
        run.previous = null;
        if (run.span != null) {
            run.endNanos = System.nanoTime();
            if (error != null) {
                run.errorType = error.getClass().getName();
            }
            run.done = true;
        }
    }

    void workerStarted(Object executor) {
        workerPool.set(new WorkerPool(executor));
    }

    void rejected(Object executor) {
        pools.rejected(executor);
    }

    /** A carrier thread of the virtual-thread scheduler (JDK 21+; a ForkJoinWorkerThread subclass). */
    private static boolean isCarrier(Thread t) {
        return t instanceof ForkJoinWorkerThread && CARRIER_THREAD.equals(t.getClass().getName());
    }

    /** The pool of the current (worker) thread, named as its gauge is. */
    private String poolName() {
        Thread t = Thread.currentThread();
        WorkerPool worker = workerPool.get();
        if (worker != null) {
            if (worker.name == null) {
                Object executor = worker.executor.get();
                if (executor != null) {
                    worker.name = pools.threadPool(executor, t);
                }
            }
            if (worker.name != null) {
                return worker.name;
            }
        }
        if (t instanceof ForkJoinWorkerThread fjWorker) {
            return pools.forkJoinPool(fjWorker.getPool(), t);
        }
        if ("java.lang.VirtualThread".equals(t.getClass().getName())) {
            return VIRTUAL_THREADS;
        }
        // a thread of its own (CompletableFuture without a common pool), or a worker started before the agent
        String derived = ThreadPools.nameFromThread(t.getName());
        return derived == null ? THREAD_PER_TASK : derived;
    }

    /**
     * A worker thread's pool, named (and its gauge registered) when the first task of a request runs
     * on it: pools that never serve requests, such as the HTTP client's under the agent's own exporter,
     * are not sampled. Weak: a worker's thread-local must not keep its pool alive.
     */
    private static final class WorkerPool {
        final WeakReference<Object> executor;
        String name;

        WorkerPool(Object executor) {
            this.executor = new WeakReference<>(executor);
        }
    }
}
