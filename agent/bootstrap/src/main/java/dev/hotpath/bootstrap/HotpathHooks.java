package dev.hotpath.bootstrap;

/**
 * The only entry point inlined advice calls. Every method is safe to call before the agent core is
 * installed (it does nothing) and never throws into the application.
 */
public final class HotpathHooks {
    private static volatile HookDispatcher dispatcher;
    private static volatile boolean enabled = true;

    private HotpathHooks() {
    }

    public static void install(HookDispatcher d) {
        dispatcher = d;
    }

    /** Kill switch: stops recording immediately; instrumented code keeps running untouched. */
    public static void setEnabled(boolean on) {
        enabled = on;
    }

    public static boolean isEnabled() {
        return enabled && dispatcher != null;
    }

    /**
     * A hook threw: the core counts it and logs it at most once a minute per hook. Reporting must not
     * throw either (the failure may be a StackOverflowError with little stack left), so it is guarded too.
     */
    private static void failed(HookDispatcher d, String hook, Throwable error) {
        try {
            d.hookFailed(hook, error);
        } catch (Throwable ignored) {
            // never into the app, not even when reporting fails
        }
    }

    // --- inbound requests -------------------------------------------------------------------

    /** True when this thread is already inside a recorded request (nested servlets and filters). */
    public static boolean serverActive() {
        return CallDepth.current(CallDepth.SERVER) > 0;
    }

    public static Object serverEnter(String method, String path, String traceparent, String tracestate) {
        HookDispatcher d = dispatcher;
        if (d == null || !enabled) {
            return null;
        }
        try {
            Object token = d.serverEnter(method, path, traceparent, tracestate);
            if (token != null) {
                CallDepth.enter(CallDepth.SERVER);
            }
            return token;
        } catch (Throwable t) {
            failed(d, "serverEnter", t);
            return null;
        }
    }

    public static void serverExit(Object token, int status, String route, Throwable error) {
        if (token == null) {
            return;
        }
        CallDepth.exit(CallDepth.SERVER);
        HookDispatcher d = dispatcher;
        if (d != null) {
            try {
                d.serverExit(token, status, route, error);
            } catch (Throwable t) {
                failed(d, "serverExit", t);
            }
        }
    }

    // --- JDBC ----------------------------------------------------------------------------------

    public static void statementPrepared(Object connection, Object statement, String sql) {
        HookDispatcher d = dispatcher;
        if (d == null || !enabled || statement == null) {
            return; // sql is null for createStatement: the statement still belongs to a database
        }
        try {
            d.statementPrepared(connection, statement, sql);
        } catch (Throwable t) {
            failed(d, "statementPrepared", t);
        }
    }

    public static void statementClosed(Object statement) {
        HookDispatcher d = dispatcher;
        if (d == null || statement == null) {
            return; // also when disabled: an entry made while enabled must still go
        }
        try {
            d.statementClosed(statement);
        } catch (Throwable t) {
            failed(d, "statementClosed", t);
        }
    }

    public static void batchAdded(Object statement, String sql) {
        HookDispatcher d = dispatcher;
        if (d == null || !enabled) {
            return;
        }
        try {
            d.batchAdded(statement, sql);
        } catch (Throwable t) {
            failed(d, "batchAdded", t);
        }
    }

    /** Always paired with {@link #statementExit}; nested (wrapped driver) calls return null. */
    public static Object statementEnter(Object statement, String sql, boolean batch) {
        if (CallDepth.enter(CallDepth.JDBC) > 0) {
            return null;
        }
        HookDispatcher d = dispatcher;
        if (d == null || !enabled) {
            return null;
        }
        try {
            return d.statementEnter(statement, sql, batch);
        } catch (Throwable t) {
            failed(d, "statementEnter", t);
            return null;
        }
    }

    public static void statementExit(Object token, Throwable error) {
        CallDepth.exit(CallDepth.JDBC);
        if (token == null) {
            return;
        }
        HookDispatcher d = dispatcher;
        if (d != null) {
            try {
                d.statementExit(token, error);
            } catch (Throwable t) {
                failed(d, "statementExit", t);
            }
        }
    }

    public static void connectionOpened(Object connection, String url) {
        HookDispatcher d = dispatcher;
        if (d == null || !enabled || connection == null || url == null) {
            return;
        }
        try {
            d.connectionOpened(connection, url);
        } catch (Throwable t) {
            failed(d, "connectionOpened", t);
        }
    }

    /** Always paired with {@link #acquireExit}; nested DataSources and the Driver below give one span. */
    public static Object acquireEnter(Object source, String url) {
        if (CallDepth.enter(CallDepth.ACQUIRE) > 0) {
            return null;
        }
        HookDispatcher d = dispatcher;
        if (d == null || !enabled) {
            return null;
        }
        try {
            return d.acquireEnter(source, url);
        } catch (Throwable t) {
            failed(d, "acquireEnter", t);
            return null;
        }
    }

    public static void acquireExit(Object token, Object connection, Throwable error) {
        CallDepth.exit(CallDepth.ACQUIRE);
        if (token == null) {
            return;
        }
        HookDispatcher d = dispatcher;
        if (d != null) {
            try {
                d.acquireExit(token, connection, error);
            } catch (Throwable t) {
                failed(d, "acquireExit", t);
            }
        }
    }

    // --- outbound HTTP -------------------------------------------------------------------------

    /** Always paired with {@link #httpClientExit} or {@link #httpClientAsyncExit}; nested calls return null. */
    public static Object httpClientEnter(Object request) {
        if (CallDepth.enter(CallDepth.HTTP_CLIENT) > 0) {
            return null;
        }
        HookDispatcher d = dispatcher;
        if (d == null || !enabled || request == null) {
            return null;
        }
        try {
            return d.httpClientEnter(request);
        } catch (Throwable t) {
            failed(d, "httpClientEnter", t);
            return null;
        }
    }

    /** The request the client should send: the given one unless the agent made a copy carrying trace context. */
    public static Object httpClientRequest(Object token, Object request) {
        HookDispatcher d = dispatcher;
        if (token == null || d == null) {
            return request;
        }
        try {
            Object replaced = d.httpClientRequest(token, request);
            return replaced != null ? replaced : request;
        } catch (Throwable t) {
            failed(d, "httpClientRequest", t);
            return request;
        }
    }

    public static void httpClientExit(Object token, Object response, Throwable error) {
        CallDepth.exit(CallDepth.HTTP_CLIENT);
        HookDispatcher d = dispatcher;
        if (token != null && d != null) {
            try {
                d.httpClientExit(token, response, error);
            } catch (Throwable t) {
                failed(d, "httpClientExit", t);
            }
        }
    }

    public static void httpClientAsyncExit(Object token, Object future, Throwable error) {
        CallDepth.exit(CallDepth.HTTP_CLIENT);
        HookDispatcher d = dispatcher;
        if (token != null && d != null) {
            try {
                d.httpClientAsyncExit(token, future, error);
            } catch (Throwable t) {
                failed(d, "httpClientAsyncExit", t);
            }
        }
    }

    /** Always paired with {@link #urlConnectionExit}; the connection's own nested calls return null. */
    public static Object urlConnectionEnter(Object connection) {
        if (CallDepth.enter(CallDepth.HTTP_CLIENT) > 0) {
            return null;
        }
        HookDispatcher d = dispatcher;
        if (d == null || !enabled || connection == null) {
            return null;
        }
        try {
            return d.urlConnectionEnter(connection);
        } catch (Throwable t) {
            failed(d, "urlConnectionEnter", t);
            return null;
        }
    }

    /** The depth is released last: what the core asks the connection here (its status) must not re-enter. */
    public static void urlConnectionExit(Object token, Object connection, Throwable error, boolean responseRead) {
        HookDispatcher d = dispatcher;
        try {
            if (token != null && d != null) {
                d.urlConnectionExit(token, connection, error, responseRead);
            }
        } catch (Throwable t) {
            failed(d, "urlConnectionExit", t);
        } finally {
            CallDepth.exit(CallDepth.HTTP_CLIENT);
        }
    }

    // --- outbound HTTP through client libraries (Apache HttpClient 5, OkHttp) -------------------
    // The library's classes are the application's, so the advice reads the request and hands plain
    // values over; it sets the header values asked for here on the request itself.

    /**
     * A library call starts; always paired with {@link #httpClientEnd} or {@link #httpClientPending}.
     * Nested calls (a client delegating to another instrumented one) return null.
     */
    public static Object httpClientStart(String method, String scheme, String host, int port, String path,
                                         long requestBodySize, String traceparent, String tracestate) {
        if (CallDepth.enter(CallDepth.HTTP_CLIENT) > 0) {
            return null;
        }
        HookDispatcher d = dispatcher;
        if (d == null || !enabled) {
            return null;
        }
        try {
            return d.httpClientStart(method, scheme, host, port, path, requestBodySize, traceparent, tracestate);
        } catch (Throwable t) {
            failed(d, "httpClientStart", t);
            return null;
        }
    }

    /** The {@code traceparent} value the advice sets on the request, or null to leave it as it is. */
    public static String httpClientTraceparent(Object token) {
        HookDispatcher d = dispatcher;
        if (token == null || d == null) {
            return null;
        }
        try {
            return d.httpClientHeader(token, false);
        } catch (Throwable t) {
            failed(d, "httpClientHeader", t);
            return null;
        }
    }

    /** The {@code tracestate} value to set along with the traceparent, or null. */
    public static String httpClientTracestate(Object token) {
        HookDispatcher d = dispatcher;
        if (token == null || d == null) {
            return null;
        }
        try {
            return d.httpClientHeader(token, true);
        } catch (Throwable t) {
            failed(d, "httpClientHeader", t);
            return null;
        }
    }

    /** The call started by {@link #httpClientStart} returned a response (status &gt; 0) or failed. */
    public static void httpClientEnd(Object token, int status, long responseBodySize, Throwable error) {
        CallDepth.exit(CallDepth.HTTP_CLIENT);
        HookDispatcher d = dispatcher;
        if (token != null && d != null) {
            try {
                d.httpClientEnd(token, status, responseBodySize, error);
            } catch (Throwable t) {
                failed(d, "httpClientEnd", t);
            }
        }
    }

    /** The call started by {@link #httpClientStart} became this call object; it ends in {@link #httpClientCallEnd}. */
    public static void httpClientPending(Object token, Object call, Throwable error) {
        CallDepth.exit(CallDepth.HTTP_CLIENT);
        HookDispatcher d = dispatcher;
        if (token != null && d != null) {
            try {
                d.httpClientPending(token, call, error);
            } catch (Throwable t) {
                failed(d, "httpClientPending", t);
            }
        }
    }

    /** A call object got its response or failed (any thread); nothing happens for calls not pending. */
    public static void httpClientCallEnd(Object call, int status, long responseBodySize, Throwable error) {
        HookDispatcher d = dispatcher;
        if (call != null && d != null) {
            try {
                d.httpClientCallEnd(call, status, responseBodySize, error);
            } catch (Throwable t) {
                failed(d, "httpClientCallEnd", t);
            }
        }
    }

    // --- executors ---------------------------------------------------------------------------

    public static void taskSubmitted(Object task, boolean scheduled) {
        HookDispatcher d = dispatcher;
        if (d == null || !enabled || task == null) {
            return;
        }
        try {
            d.taskSubmitted(task, scheduled);
        } catch (Throwable t) {
            failed(d, "taskSubmitted", t);
        }
    }

    public static void forkJoinTaskCreated(Object task) {
        HookDispatcher d = dispatcher;
        if (d == null || !enabled) {
            return;
        }
        try {
            d.forkJoinTaskCreated(task);
        } catch (Throwable t) {
            failed(d, "forkJoinTaskCreated", t);
        }
    }

    /** Always paired with {@link #taskEnd}; returns null for tasks that carry no request context. */
    public static Object taskStart(Object task) {
        HookDispatcher d = dispatcher;
        if (d == null || task == null) {
            return null; // not checking the kill switch: a captured context is still restored and cleared
        }
        try {
            return d.taskStart(task);
        } catch (Throwable t) {
            failed(d, "taskStart", t);
            return null;
        }
    }

    public static void taskEnd(Object token, Throwable error) {
        HookDispatcher d = dispatcher;
        if (token != null && d != null) {
            try {
                d.taskEnd(token, error);
            } catch (Throwable t) {
                failed(d, "taskEnd", t);
            }
        }
    }

    /** {@link #taskEnd} for a ForkJoinTask, which keeps what its run threw instead of throwing it. */
    public static void taskEndForkJoin(Object token, Object task) {
        if (token == null) {
            return;
        }
        Throwable error = null;
        try {
            java.util.concurrent.ForkJoinTask<?> t = (java.util.concurrent.ForkJoinTask<?>) task;
            if (t.isCompletedAbnormally()) {
                error = t.getException();
            }
        } catch (Throwable ignored) {
            // the span then ends without an error type
        }
        taskEnd(token, error);
    }

    /**
     * Replaces the {@code task.run()} call inside {@code ThreadPoolExecutor.runWorker}: the same task
     * object runs (never wrapped, so beforeExecute/afterExecute see what was submitted), inside the
     * context captured when it was submitted. Whatever the task throws goes on unchanged.
     */
    public static void runTask(Runnable task) {
        Object token = taskStart(task);
        Throwable error = null;
        try {
            task.run();
        } catch (Throwable t) {
            error = t;
            throw t;
        } finally {
            taskEnd(token, error);
        }
    }

    public static void workerStarted(Object executor) {
        HookDispatcher d = dispatcher;
        if (d == null || !enabled) {
            return;
        }
        try {
            d.workerStarted(executor);
        } catch (Throwable t) {
            failed(d, "workerStarted", t);
        }
    }

    public static void taskRejected(Object executor) {
        HookDispatcher d = dispatcher;
        if (d == null || !enabled) {
            return;
        }
        try {
            d.taskRejected(executor);
        } catch (Throwable t) {
            failed(d, "taskRejected", t);
        }
    }
}
