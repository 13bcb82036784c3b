package dev.hotpath.agent.export;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the agent did and what it shed. Sent with every stats post as deltas, so the collector shows
 * what was dropped instead of losing it silently.
 */
public final class AgentCounters {
    public static final String TRACES_COMPLETED = "traces.completed";
    public static final String TRACES_KEPT = "traces.kept";
    public static final String SPANS_EXPORTED = "spans.exported";
    public static final String SPANS_DROPPED_QUEUE_FULL = "spans.dropped.queue_full";
    public static final String SPANS_DROPPED_EXPORT_FAILED = "spans.dropped.export_failed";
    public static final String SPANS_DROPPED_TRACE_LIMIT = "spans.dropped.trace_limit";
    public static final String STATS_DROPPED = "stats.dropped";
    public static final String ROUTES_OVERFLOW = "routes.overflow";
    public static final String QUERIES_OVERFLOW = "queries.overflow";
    public static final String STATEMENTS_UNTRACKED = "statements.untracked";
    public static final String AGENT_ERRORS = "agent.errors";
    public static final String POOLS_OVERFLOW = "pools.overflow";
    /** Tasks submitted in a request whose context could not be remembered (too many pending). */
    public static final String TASKS_UNTRACKED = "tasks.untracked";
    /** Tasks that started after the request that submitted them had ended: run without its context. */
    public static final String TASKS_AFTER_REQUEST = "tasks.after_request";
    /** Spans made by a task after its request had ended (the trace may already be exported). */
    public static final String SPANS_DROPPED_AFTER_REQUEST = "spans.dropped.after_request";

    private static final String[] ALL = {
        TRACES_COMPLETED, TRACES_KEPT, SPANS_EXPORTED, SPANS_DROPPED_QUEUE_FULL, SPANS_DROPPED_EXPORT_FAILED,
        SPANS_DROPPED_TRACE_LIMIT, STATS_DROPPED, ROUTES_OVERFLOW, QUERIES_OVERFLOW, STATEMENTS_UNTRACKED, AGENT_ERRORS,
        POOLS_OVERFLOW, TASKS_UNTRACKED, TASKS_AFTER_REQUEST, SPANS_DROPPED_AFTER_REQUEST
    };

    private final Map<String, LongAdder> adders = new LinkedHashMap<>();

    public AgentCounters() {
        for (String name : ALL) {
            adders.put(name, new LongAdder());
        }
    }

    public void increment(String name) {
        adders.get(name).increment();
    }

    public void add(String name, long n) {
        adders.get(name).add(n);
    }

    public long get(String name) {
        return adders.get(name).sum();
    }

    /** Takes the deltas since the last call (exporter thread). */
    public Map<String, Long> drain() {
        Map<String, Long> out = new LinkedHashMap<>();
        adders.forEach((k, v) -> out.put(k, v.sumThenReset()));
        return out;
    }

    /** Puts back deltas that could not be delivered, so they go with the next post. */
    public void restore(Map<String, Long> deltas) {
        deltas.forEach((k, v) -> adders.get(k).add(v));
    }
}
