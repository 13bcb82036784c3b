package dev.hotpath.agent.export;

import dev.hotpath.bootstrap.HookDispatcher;

import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the agent did and what it shed. Sent with every stats post as deltas, so the collector shows
 * what was dropped instead of losing it silently.
 */
public final class AgentCounters {
    public static final String TRACES_COMPLETED = "traces.completed";
    public static final String TRACES_KEPT = "traces.kept";
    /** Spans of kept traces handed to the exporter: each ends as exactly one of exported or a spans.dropped.* below. */
    public static final String SPANS_KEPT = "spans.kept";
    public static final String SPANS_EXPORTED = "spans.exported";
    public static final String SPANS_DROPPED_QUEUE_FULL = "spans.dropped.queue_full";
    public static final String SPANS_DROPPED_EXPORT_FAILED = "spans.dropped.export_failed";
    public static final String SPANS_DROPPED_TRACE_LIMIT = "spans.dropped.trace_limit";
    /** The collector answered 413 to a batch and again to its half (or to a single span). */
    public static final String SPANS_DROPPED_TOO_LARGE = "spans.dropped.too_large";
    /** The collector refused the batch for good (400, 401, 415, ...): never retried. */
    public static final String SPANS_DROPPED_REJECTED = "spans.dropped.rejected";
    public static final String EXPORT_RETRIES = "export.retries";
    public static final String EXPORT_BATCHES_SPLIT = "export.batches.split";
    public static final String STATS_DROPPED = "stats.dropped";
    public static final String ROUTES_OVERFLOW = "routes.overflow";
    public static final String QUERIES_OVERFLOW = "queries.overflow";
    public static final String STATEMENTS_UNTRACKED = "statements.untracked";
    public static final String AGENT_ERRORS = "agent.errors";
    public static final String POOLS_OVERFLOW = "pools.overflow";
    /** One counter per {@link HookDispatcher} method: which hook threw (their sum is part of {@code agent.errors}). */
    public static final String HOOK_ERRORS_PREFIX = "agent.errors.hook.";
    // JFR chunks (continuous recording and the outbox of other producers)
    public static final String JFR_CHUNKS_UPLOADED = "jfr.chunks.uploaded";
    public static final String JFR_BYTES_UPLOADED = "jfr.bytes.uploaded";
    public static final String JFR_CHUNKS_DROPPED_UPLOAD_FAILED = "jfr.chunks.dropped.upload_failed";
    public static final String JFR_CHUNKS_DROPPED_DISK_LIMIT = "jfr.chunks.dropped.disk_limit";
    public static final String JFR_CHUNKS_DROPPED_WRITE_FAILED = "jfr.chunks.dropped.write_failed";
    /** The collector answered 413 to a chunk: dropped at once, never retried. */
    public static final String JFR_CHUNKS_DROPPED_TOO_LARGE = "jfr.chunks.dropped.too_large";
    /** Chunk uploads tried again after no answer or a 429/502/503/504. */
    public static final String JFR_UPLOAD_RETRIES = "jfr.upload.retries";
    private static final String[] JFR = {
        JFR_CHUNKS_UPLOADED, JFR_BYTES_UPLOADED, JFR_CHUNKS_DROPPED_UPLOAD_FAILED, JFR_CHUNKS_DROPPED_DISK_LIMIT,
        JFR_CHUNKS_DROPPED_WRITE_FAILED, JFR_CHUNKS_DROPPED_TOO_LARGE, JFR_UPLOAD_RETRIES
    };
    // deep mode (dev.hotpath.agent.deep): every guardrail decision is counted here
    public static final String DEEP_REFUSED_NOT_CANARY = "deep.refused.not_canary";
    public static final String DEEP_REFUSED_JDK = "deep.refused.jdk";
    public static final String DEEP_REFUSED_PLATFORM = "deep.refused.platform";
    public static final String DEEP_JDK_OVERRIDE = "deep.jdk_override";
    public static final String DEEP_LOAD_FAILED = "deep.load_failed";
    public static final String DEEP_WINDOWS_COMPLETED = "deep.windows.completed";
    public static final String DEEP_WINDOWS_ABORTED_CPU = "deep.windows.aborted.cpu_budget";
    public static final String DEEP_WINDOWS_SKIPPED_OUTBOX = "deep.windows.skipped.outbox_full";
    public static final String DEEP_WINDOWS_FAILED = "deep.windows.failed";
    public static final String DEEP_STOPPED_MAX_TOTAL = "deep.stopped.max_total";
    public static final String DEEP_STOPPED_KILL_FILE = "deep.stopped.kill_file";
    public static final String DEEP_STOPPED_COLLECTOR = "deep.stopped.collector";
    public static final String DEEP_PROFILED_MS = "deep.profiled.ms";

    /** Tasks submitted in a request whose context could not be remembered (too many pending). */
    public static final String TASKS_UNTRACKED = "tasks.untracked";
    /** Tasks that started after the request that submitted them had ended: run without its context. */
    public static final String TASKS_AFTER_REQUEST = "tasks.after_request";
    /** Spans made by a task after its request had ended (the trace may already be exported). */
    public static final String SPANS_DROPPED_AFTER_REQUEST = "spans.dropped.after_request";

    // overload circuit breaker (dev.hotpath.agent.overload)
    /** The breaker opened: the agent started shedding its own work. */
    public static final String OVERLOAD_SHED = "overload.shed";
    /** The breaker closed again after relief. */
    public static final String OVERLOAD_RESUMED = "overload.resumed";
    /** Milliseconds spent shedding. */
    public static final String OVERLOAD_SHED_MS = "overload.shed.ms";
    /** Traces the keep policy would have kept, not kept because the agent was shedding. */
    public static final String TRACES_DROPPED_OVERLOAD = "traces.dropped.overload";
    /** Deep windows not started because the agent was shedding. */
    public static final String DEEP_WINDOWS_SKIPPED_OVERLOAD = "deep.windows.skipped.overload";

    private static final String[] ALL = {
        TRACES_COMPLETED, TRACES_KEPT, SPANS_KEPT, SPANS_EXPORTED, SPANS_DROPPED_QUEUE_FULL, SPANS_DROPPED_EXPORT_FAILED,
        SPANS_DROPPED_TRACE_LIMIT, SPANS_DROPPED_TOO_LARGE, SPANS_DROPPED_REJECTED, EXPORT_RETRIES, EXPORT_BATCHES_SPLIT,
        STATS_DROPPED, ROUTES_OVERFLOW, QUERIES_OVERFLOW, STATEMENTS_UNTRACKED, AGENT_ERRORS,
        POOLS_OVERFLOW, TASKS_UNTRACKED, TASKS_AFTER_REQUEST, SPANS_DROPPED_AFTER_REQUEST,
        DEEP_REFUSED_NOT_CANARY, DEEP_REFUSED_JDK, DEEP_REFUSED_PLATFORM, DEEP_JDK_OVERRIDE, DEEP_LOAD_FAILED,
        DEEP_WINDOWS_COMPLETED, DEEP_WINDOWS_ABORTED_CPU, DEEP_WINDOWS_SKIPPED_OUTBOX, DEEP_WINDOWS_FAILED,
        DEEP_STOPPED_MAX_TOTAL, DEEP_STOPPED_KILL_FILE, DEEP_STOPPED_COLLECTOR, DEEP_PROFILED_MS,
        OVERLOAD_SHED, OVERLOAD_RESUMED, OVERLOAD_SHED_MS, TRACES_DROPPED_OVERLOAD, DEEP_WINDOWS_SKIPPED_OVERLOAD
    };

    private final Map<String, LongAdder> adders = new LinkedHashMap<>();
    private final Map<String, LongAdder> hookErrors = new TreeMap<>();
    private final LongAdder hookErrorsOther = new LongAdder();

    public AgentCounters() {
        for (String name : ALL) {
            adders.put(name, new LongAdder());
        }
        for (String name : JFR) {
            adders.put(name, new LongAdder());
        }
        for (Method m : HookDispatcher.class.getMethods()) {
            if (!m.getName().equals("hookFailed")) {
                hookErrors.put(m.getName(), new LongAdder());
            }
        }
    }

    /** Counts a failure of the hook named like its {@link HookDispatcher} method; unknown names count as {@code other}. */
    public void incrementHookError(String hook) {
        LongAdder a = hookErrors.get(hook);
        (a != null ? a : hookErrorsOther).increment();
    }

    public long hookErrors(String hook) {
        LongAdder a = hookErrors.get(hook);
        return a == null ? hookErrorsOther.sum() : a.sum();
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
        // per-hook counters only when non-zero: twenty zeros in every post would say nothing
        hookErrors.forEach((k, v) -> {
            long n = v.sumThenReset();
            if (n != 0) {
                out.put(HOOK_ERRORS_PREFIX + k, n);
            }
        });
        long other = hookErrorsOther.sumThenReset();
        if (other != 0) {
            out.put(HOOK_ERRORS_PREFIX + "other", other);
        }
        return out;
    }

    /** Puts back deltas that could not be delivered, so they go with the next post. */
    public void restore(Map<String, Long> deltas) {
        deltas.forEach((k, v) -> {
            if (k.startsWith(HOOK_ERRORS_PREFIX)) {
                String hook = k.substring(HOOK_ERRORS_PREFIX.length());
                hookErrors.getOrDefault(hook, hookErrorsOther).add(v);
            } else {
                adders.get(k).add(v);
            }
        });
    }
}
