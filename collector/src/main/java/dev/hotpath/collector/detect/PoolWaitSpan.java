package dev.hotpath.collector.detect;

import dev.hotpath.collector.trace.Attr;
import dev.hotpath.collector.trace.Span;
import dev.hotpath.collector.trace.SpanType;

/**
 * The pool wait a span stands for: a connection acquire (its duration) or a thread-pool task (its
 * queue wait, submit to start). Kinds match the agent's stats wire names.
 */
record PoolWaitSpan(String kind, String pool, long waitNanos) {
    static final String CONNECTION = "connection";
    static final String THREAD = "thread";

    /** The wait, or null when the span is no pool wait or names no pool. */
    static PoolWaitSpan of(Span s) {
        String type = s.stringAttr(Attr.HOTPATH_SPAN_TYPE);
        if (SpanType.DB_CONNECTION_ACQUIRE.wireName().equals(type)) {
            String pool = s.stringAttr(Attr.POOL_NAME);
            return pool == null ? null : new PoolWaitSpan(CONNECTION, pool, Math.max(0, s.durationNanos()));
        }
        String pool = s.stringAttr(Attr.THREAD_POOL_NAME);
        Long wait = s.longAttr(Attr.TASK_QUEUE_WAIT_NS);
        return pool == null || wait == null ? null : new PoolWaitSpan(THREAD, pool, Math.max(0, wait));
    }

    String key() {
        return kind + ":" + pool;
    }
}
