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
}
