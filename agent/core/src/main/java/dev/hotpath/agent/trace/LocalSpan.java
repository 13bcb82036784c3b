package dev.hotpath.agent.trace;

import dev.hotpath.sql.SanitizedSql;

/**
 * One operation recorded on an application thread. Plain fields, no attribute maps: recording must
 * cost little; conversion to OpenTelemetry span data happens later on the exporter thread.
 */
public final class LocalSpan {
    public final LocalTrace trace;       // null for statements outside any request (aggregates only)
    public final SpanType type;
    public final long spanId;
    public final long parentSpanId;      // 0: the trace's remote parent (or none) for the root
    public final long startNanos;
    public long endNanos;
    public String errorType;

    // server
    public String method;
    public String path;
    public String route;
    public int status;

    // db and acquire
    public SanitizedSql sql;
    public DbInfo db;
    public int batchSize;
    public String poolName;

    // http client: its end may be written by another thread, see HttpCall
    public HttpCall http;

    // executor task: its end is written by the worker, see TaskRun
    public TaskRun task;

    LocalSpan(LocalTrace trace, SpanType type, long spanId, long parentSpanId, long startNanos) {
        this.trace = trace;
        this.type = type;
        this.spanId = spanId;
        this.parentSpanId = parentSpanId;
        this.startNanos = startNanos;
    }

    public long durationNanos() {
        return endNanos - startNanos;
    }
}
