package dev.hotpath.bootstrap;

/**
 * What the agent core does when instrumented code reports an event. The core (loaded by the system
 * class loader) implements it; {@link HotpathHooks} on the boot class path forwards to it, so advice
 * inlined into any class loader's classes can reach the core.
 */
public interface HookDispatcher {

    /** An inbound request starts; returns a token for {@link #serverExit}, or null when not recorded. */
    Object serverEnter(String method, String path, String traceparent, String tracestate);

    void serverExit(Object token, int status, String route, Throwable error);

    /** A statement was prepared from this SQL (remembered per statement object). */
    void statementPrepared(Object connection, Object statement, String sql);

    /** A statement was closed: what was remembered for it goes now, not when the GC clears its weak key. */
    default void statementClosed(Object statement) {
    }

    /** A plain statement got one more batch entry ({@code addBatch}); sql may be null for prepared ones. */
    void batchAdded(Object statement, String sql);

    /** A statement executes; sql is null for prepared statements. Returns a token or null. */
    Object statementEnter(Object statement, String sql, boolean batch);

    void statementExit(Object token, Throwable error);

    /** A driver opened a physical connection to this URL (called at every depth). */
    void connectionOpened(Object connection, String url);

    /** A connection is requested from a DataSource or Driver; url is known for Driver.connect. */
    Object acquireEnter(Object source, String url);

    void acquireExit(Object token, Object connection, Throwable error);

    /**
     * A call into this dispatcher threw; {@link HotpathHooks} swallowed it (the app never sees it) and
     * reports it here by the dispatcher method's name. Must be cheap and must not throw.
     */
    default void hookFailed(String hook, Throwable error) {
    }

    // --- outbound HTTP (defaults: a dispatcher without client support records nothing) ----------

    /** A java.net.http request is sent; returns a token, or null outside a recorded request. */
    default Object httpClientEnter(Object request) {
        return null;
    }

    /** The request to send instead (an immutable request cannot take headers): a copy with trace context, or null. */
    default Object httpClientRequest(Object token, Object request) {
        return null;
    }

    /** A synchronous send returned a response or failed. */
    default void httpClientExit(Object token, Object response, Throwable error) {
    }

    /** An asynchronous send returned its future (or failed before returning one). */
    default void httpClientAsyncExit(Object token, Object future, Throwable error) {
    }

    /** An HttpURLConnection connects, opens its output, or reads its response; returns a token or null. */
    default Object urlConnectionEnter(Object connection) {
        return null;
    }

    /** The call started by {@link #urlConnectionEnter} returned; responseRead when it was getInputStream. */
    default void urlConnectionExit(Object token, Object connection, Throwable error, boolean responseRead) {
    }

    // --- outbound HTTP through client libraries: plain values read by the advice ----------------

    /** A library client call starts (Apache HttpClient 5, OkHttp); returns a token, or null outside a recorded request. */
    default Object httpClientStart(String method, String scheme, String host, int port, String path, long requestBodySize,
                                   String traceparent, String tracestate) {
        return null;
    }

    /** The traceparent (or, with {@code tracestate}, the tracestate) value to set on the request, or null. */
    default String httpClientHeader(Object token, boolean tracestate) {
        return null;
    }

    /** The call started by {@link #httpClientStart} ended: a response (status &gt; 0) or an error. */
    default void httpClientEnd(Object token, int status, long responseBodySize, Throwable error) {
    }

    /** The call started by {@link #httpClientStart} is this call object (null with an error: it was never made). */
    default void httpClientPending(Object token, Object call, Throwable error) {
    }

    /** A call object registered by {@link #httpClientPending} ended; unknown call objects are ignored. */
    default void httpClientCallEnd(Object call, int status, long responseBodySize, Throwable error) {
    }

    // --- executors: context captured at submit, restored around the task's run (tasks never wrapped) --

    /** A task was handed to an executor (scheduled: it waits for its delay first); captures the context. */
    default void taskSubmitted(Object task, boolean scheduled) {
    }

    /** A ForkJoinTask was constructed (CompletableFuture async stages, FJP adapters, RecursiveTask). */
    default void forkJoinTaskCreated(Object task) {
    }

    /** A task starts on a worker; returns a token for {@link #taskEnd}, or null when it carries no context. */
    default Object taskStart(Object task) {
        return null;
    }

    default void taskEnd(Object token, Throwable error) {
    }

    /** A ThreadPoolExecutor worker thread starts its loop (once per worker thread). */
    default void workerStarted(Object executor) {
    }

    /** A ThreadPoolExecutor rejects a task (before its RejectedExecutionHandler runs). */
    default void taskRejected(Object executor) {
    }
}
