package dev.hotpath.agent.trace;

import dev.hotpath.agent.aggregate.Aggregates;
import dev.hotpath.agent.config.AgentConfig;
import dev.hotpath.agent.export.AgentCounters;
import dev.hotpath.agent.export.TraceExporter;
import dev.hotpath.agent.pools.ConnectionPools;
import dev.hotpath.agent.pools.PoolKind;
import dev.hotpath.agent.jfr.RequestEvents;
import dev.hotpath.agent.overload.OverloadGuard;
import dev.hotpath.agent.safety.HookErrors;
import dev.hotpath.agent.pools.ThreadPools;
import dev.hotpath.bootstrap.CallDepth;
import dev.hotpath.bootstrap.HookDispatcher;
import dev.hotpath.http.RouteTemplate;
import dev.hotpath.sql.SanitizedSql;
import dev.hotpath.sql.SqlCache;

import java.sql.Connection;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records what each request does, on the request's own thread: cheap field writes into a
 * {@link LocalTrace}. At the end of the request it updates the aggregates, then makes the keep
 * decision and hands kept traces to the exporter.
 */
public final class RequestRecorder implements HookDispatcher {
    private static final int MAX_URLS = 256;

    private final ThreadLocal<LocalTrace> current = new ThreadLocal<>();
    private final AgentConfig config;
    private final Aggregates aggregates;
    private final KeepPolicy keepPolicy;
    private final TraceExporter exporter;
    private final AgentCounters counters;
    private final SqlCache sqlCache;
    /** The repeat count at which a statement shape's code pointer is taken: the keep policy's repeat threshold. */
    private final int codePointerAtRepeat;
    private final EpochClock clock = new EpochClock();
    private final WeakIdentityMap<StatementInfo> statements = new WeakIdentityMap<>(200_000);
    private final WeakIdentityMap<DbInfo> connections = new WeakIdentityMap<>(50_000);
    private final ConcurrentHashMap<String, DbInfo> urls = new ConcurrentHashMap<>();
    private final HttpClientSpans httpClients = new HttpClientSpans(this);
    private final ConnectionPools connectionPools;
    private RequestEvents requestEvents = RequestEvents.NONE; // set before the hooks are installed
    private OverloadGuard overload = OverloadGuard.OFF; // set before the hooks are installed
    private final HookErrors hookErrors;
    private final ExecutorTasks tasks;

    public RequestRecorder(AgentConfig config, Aggregates aggregates, TraceExporter exporter, AgentCounters counters,
                           ConnectionPools connectionPools, ThreadPools threadPools) {
        this.config = config;
        this.tasks = new ExecutorTasks(current, this, counters, threadPools);
        this.connectionPools = connectionPools;
        this.aggregates = aggregates;
        this.exporter = exporter;
        this.counters = counters;
        this.keepPolicy = new KeepPolicy(config.repeatThreshold(), config.sloMillis(), config.sampleRate());
        this.sqlCache = new SqlCache(config.sqlCacheSize());
        this.codePointerAtRepeat = Math.max(2, config.repeatThreshold());
        this.hookErrors = new HookErrors(counters, exporter::ensureStarted);
    }

    @Override
    public void hookFailed(String hook, Throwable error) {
        hookErrors.failed(hook, error);
    }

    /** The JFR per-request event (see {@code dev.hotpath.agent.jfr}); call before installing the hooks. */
    public void requestEvents(RequestEvents events) {
        this.requestEvents = events;
    }

    /** The overload breaker: while it sheds, no trace is kept (aggregates go on); call before installing the hooks. */
    public void overload(OverloadGuard guard) {
        this.overload = guard;
    }

    // --- inbound requests -------------------------------------------------------------------

    @Override
    public Object serverEnter(String method, String path, String traceparent, String tracestate) {
        // The advice asks HotpathHooks.serverActive() first, so a trace still set here was left by a
        // serverExit that failed before clearing it: replace it, or this thread would never record again.
        long now = System.nanoTime();
        LocalTrace trace = new LocalTrace(TraceParent.parse(traceparent, tracestate), Ids.nonZero(), now, clock.epochNanos(now));
        trace.root.method = method == null ? "_OTHER" : method;
        trace.root.path = path == null ? "/" : path;
        current.set(trace);
        return trace;
    }

    @Override
    public void serverExit(Object token, int status, String route, Throwable error) {
        LocalTrace trace = (LocalTrace) token;
        current.remove();
        LocalSpan root = trace.root;
        root.endNanos = System.nanoTime();
        root.route = route != null && !route.isEmpty() ? route : RouteTemplate.fromPath(root.path);
        if (error != null) {
            root.errorType = error.getClass().getName();
            if (status < 100) {
                status = 500; // nothing was sent: the server answers an escaping exception with a 500
            }
        }
        root.status = status;
        trace.markEnded(); // tasks still running attach nothing more from here on
        boolean failed = status >= 500 || error != null;
        long duration = root.durationNanos();
        Aggregates.RouteStats stats = aggregates.route(root.method, root.route);
        long p95 = stats.latency().recentP95Nanos();
        stats.latency().record(duration, failed);
        recordPoolWaits(trace, stats);
        counters.increment(AgentCounters.TRACES_COMPLETED);
        String reason = keepPolicy.decide(trace, duration, failed, p95);
        if (reason != null && overload.shedding()) {
            counters.increment(AgentCounters.TRACES_DROPPED_OVERLOAD);
            reason = null;
        }
        if (reason != null) {
            counters.increment(AgentCounters.TRACES_KEPT);
            exporter.offer(trace, reason);
        }
        requestEvents.requestEnded(trace, reason != null);
        exporter.ensureStarted();
    }

    /** Every request's pool waits go into the route's aggregates, kept or not, and into its keep decision. */
    private static void recordPoolWaits(LocalTrace trace, Aggregates.RouteStats stats) {
        for (LocalSpan span : trace.children) {
            if (span.type == SpanType.CONNECTION_ACQUIRE) {
                stats.waits().record(PoolKind.CONNECTION, span.poolName, span.durationNanos(), isTimeout(span.errorType));
                trace.poolWaitNanos += span.durationNanos();
            } else if (span.type == SpanType.EXECUTOR_TASK) {
                stats.waits().record(PoolKind.THREAD, span.task.poolName, span.task.queueWaitNanos, false);
                trace.poolWaitNanos += span.task.queueWaitNanos;
            }
        }
    }

    /** Pools report an exhausted wait as a transient SQL error (HikariCP) or a timeout exception. */
    static boolean isTimeout(String errorType) {
        return errorType != null && (errorType.endsWith("SQLTransientConnectionException") || errorType.contains("Timeout"));
    }

    // --- JDBC ----------------------------------------------------------------------------------

    @Override
    public void statementPrepared(Object connection, Object statement, String sql) {
        statements.put(statement, new StatementInfo(sql == null ? null : sqlCache.get(sql), dbInfo(connection)));
    }

    @Override
    public void statementClosed(Object statement) {
        statements.remove(statement); // keeps the map as small as the open statements, and the GC out of it
    }

    @Override
    public void batchAdded(Object statement, String sql) {
        StatementInfo info = statements.get(statement);
        if (info == null) {
            return;
        }
        if (sql != null && info.sql == null) {
            info.sql = sqlCache.get(sql); // a plain Statement batch is named after its first entry
        }
        info.batchCount++;
    }

    @Override
    public Object statementEnter(Object statement, String sql, boolean batch) {
        StatementInfo info = statements.get(statement);
        SanitizedSql sanitized = sql != null ? sqlCache.get(sql) : info != null ? info.sql : null;
        if (sanitized == null) {
            counters.increment(AgentCounters.STATEMENTS_UNTRACKED); // e.g. prepared before the agent attached
            return null;
        }
        LocalTrace trace = current.get();
        LocalSpan span = new LocalSpan(trace, SpanType.DB, trace == null ? 0 : Ids.nonZero(),
                trace == null ? 0 : trace.root.spanId, System.nanoTime());
        span.sql = sanitized;
        span.db = info != null && info.db != null ? info.db : DbInfo.UNKNOWN;
        if (batch && info != null) {
            span.batchSize = info.batchCount;
            info.batchCount = 0;
        }
        return span;
    }

    @Override
    public void statementExit(Object token, Throwable error) {
        LocalSpan span = (LocalSpan) token;
        span.endNanos = System.nanoTime();
        if (error != null) {
            span.errorType = error.getClass().getName();
        }
        aggregates.recordQuery(span.sql, span.db.system(), span.durationNanos(), error != null);
        LocalTrace trace = span.trace;
        if (trace == null) {
            exporter.ensureStarted();
            return;
        }
        if (trace.shared) {
            synchronized (trace) {
                attachStatement(trace, span);
            }
        } else {
            attachStatement(trace, span);
        }
    }

    private void attachStatement(LocalTrace trace, LocalSpan span) {
        if (!attach(trace, span)) {
            return;
        }
        LocalTrace.Repeats repeats = trace.repeatsByFingerprint.computeIfAbsent(span.sql.fingerprint(), k -> new LocalTrace.Repeats());
        if (++repeats.count == codePointerAtRepeat && !overload.shedding()) {
            // once per repeated shape per request, and only for shapes repeated enough to keep the trace: a stack
            // walk costs microseconds, and an ordinary DB-heavy request runs many shapes two or three times
            repeats.codePointer = CodePointer.capture();
        }
        if (repeats.count > trace.maxRepeats) {
            trace.maxRepeats = repeats.count;
        }
    }

    @Override
    public void connectionOpened(Object connection, String url) {
        connections.put(connection, urlInfo(url));
    }

    @Override
    public Object acquireEnter(Object source, String url) {
        LocalTrace trace = current.get();
        if (trace == null) {
            return null;
        }
        LocalSpan span = new LocalSpan(trace, SpanType.CONNECTION_ACQUIRE, Ids.nonZero(), trace.root.spanId, System.nanoTime());
        span.poolName = connectionPools.nameOf(source);
        span.db = url != null ? urlInfo(url) : null;
        return span;
    }

    @Override
    public void acquireExit(Object token, Object connection, Throwable error) {
        LocalSpan span = (LocalSpan) token;
        span.endNanos = System.nanoTime();
        if (error != null) {
            span.errorType = error.getClass().getName();
        }
        if (span.db == null && connection != null) {
            span.db = connections.get(connection);
        }
        attach(span.trace, span);
    }

    // --- outbound HTTP: only inside a recorded request (agent threads never have one) ----------

    @Override
    public Object httpClientEnter(Object request) {
        LocalTrace trace = current.get();
        return trace == null ? null : JdkHttpClientSpans.enter(httpClients, trace, request);
    }

    @Override
    public Object httpClientRequest(Object token, Object request) {
        return JdkHttpClientSpans.withTraceContext(token, request);
    }

    @Override
    public void httpClientExit(Object token, Object response, Throwable error) {
        JdkHttpClientSpans.exit(token, response, error);
    }

    @Override
    public void httpClientAsyncExit(Object token, Object future, Throwable error) {
        JdkHttpClientSpans.asyncExit(token, future, error);
    }

    @Override
    public Object urlConnectionEnter(Object connection) {
        return httpClients.urlConnectionEnter(current.get(), connection);
    }

    @Override
    public void urlConnectionExit(Object token, Object connection, Throwable error, boolean responseRead) {
        httpClients.urlConnectionExit(token, connection, error, responseRead);
    }

    @Override
    public Object httpClientStart(String method, String scheme, String host, int port, String path, long requestBodySize,
                                  String traceparent, String tracestate) {
        return httpClients.libraryEnter(current.get(), method, scheme, host, port, path, requestBodySize, traceparent, tracestate);
    }

    @Override
    public String httpClientHeader(Object token, boolean tracestate) {
        return HttpClientSpans.libraryHeader(token, tracestate);
    }

    @Override
    public void httpClientEnd(Object token, int status, long responseBodySize, Throwable error) {
        HttpClientSpans.libraryExit(token, status, responseBodySize, error);
    }

    @Override
    public void httpClientPending(Object token, Object call, Throwable error) {
        httpClients.libraryPending(token, call, error);
    }

    @Override
    public void httpClientCallEnd(Object call, int status, long responseBodySize, Throwable error) {
        httpClients.libraryCallEnd(call, status, responseBodySize, error);
    }

    // --- executors ------------------------------------------------------------------------------

    @Override
    public void taskSubmitted(Object task, boolean scheduled) {
        tasks.submitted(task, scheduled);
    }

    @Override
    public void forkJoinTaskCreated(Object task) {
        tasks.forkJoinTaskCreated(task);
    }

    @Override
    public Object taskStart(Object task) {
        return tasks.start(task);
    }

    @Override
    public void taskEnd(Object token, Throwable error) {
        tasks.end(token, error);
    }

    @Override
    public void workerStarted(Object executor) {
        tasks.workerStarted(executor);
    }

    @Override
    public void taskRejected(Object executor) {
        tasks.rejected(executor);
    }

    /** Adds a span to its trace; once tasks share the trace, under its monitor (reentrant for callers holding it). */
    boolean attach(LocalTrace trace, LocalSpan span) {
        if (trace.shared) {
            synchronized (trace) {
                return attachOwned(trace, span);
            }
        }
        return attachOwned(trace, span);
    }

    private boolean attachOwned(LocalTrace trace, LocalSpan span) {
        if (trace.ended) {
            counters.increment(AgentCounters.SPANS_DROPPED_AFTER_REQUEST);
            return false;
        }
        if (trace.children.size() >= config.maxSpansPerTrace()) {
            trace.droppedSpans++;
            counters.increment(AgentCounters.SPANS_DROPPED_TRACE_LIMIT);
            return false;
        }
        trace.children.add(span);
        return true;
    }

    /** The database behind a connection; asked of the driver once per connection object. */
    private DbInfo dbInfo(Object connection) {
        if (connection == null) {
            return DbInfo.UNKNOWN;
        }
        DbInfo info = connections.get(connection);
        if (info != null) {
            return info;
        }
        // Guard: some drivers run SQL inside getMetaData; that must not become spans of its own.
        CallDepth.enter(CallDepth.JDBC);
        try {
            info = urlInfo(((Connection) connection).getMetaData().getURL());
        } catch (Throwable t) {
            info = DbInfo.UNKNOWN;
        } finally {
            CallDepth.exit(CallDepth.JDBC);
        }
        connections.put(connection, info);
        return info;
    }

    private DbInfo urlInfo(String url) {
        if (url == null) {
            return DbInfo.UNKNOWN;
        }
        DbInfo info = urls.get(url);
        if (info == null) {
            info = DbInfo.fromUrl(url);
            if (urls.size() < MAX_URLS) {
                urls.put(url, info);
            }
        }
        return info;
    }
}
