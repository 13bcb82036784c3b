package dev.hotpath.agent.trace;

/**
 * One task a request handed to an executor. Created on the submitting thread (the captured context
 * and submit time), completed on the worker: where it ran, how long it waited in the queue, and how
 * its run ended. The end may come after the trace was handed to the exporter, so it is written once
 * and published by the volatile {@link #done}: read {@code done} first, then the end fields.
 */
public final class TaskRun {
    final RequestHandle request;
    final long submitNanos;
    /**
     * When the task could first run: its submit time, or for a scheduled task the end of its delay; for a
     * task captured at construction, moved to when it is handed to its executor.
     */
    volatile long readyNanos;
    /** False for subtasks forked inside a fork/join computation: they carry the context, no span each. */
    final boolean spanWanted;

    // set on the worker when the run starts, before the span is attached
    public String poolName;
    public long queueWaitNanos;
    public long runStartNanos;
    LocalTrace previous;
    LocalSpan span;

    // set on the worker when the run ends
    public long endNanos;
    public String errorType;
    public volatile boolean done;

    TaskRun(RequestHandle request, long submitNanos, long readyNanos, boolean spanWanted) {
        this.request = request;
        this.submitNanos = submitNanos;
        this.readyNanos = readyNanos;
        this.spanWanted = spanWanted;
    }
}
