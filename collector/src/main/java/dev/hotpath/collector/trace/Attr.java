package dev.hotpath.collector.trace;

/** Attribute names hotpath reads (current semantic conventions) and the older names it falls back to. */
public final class Attr {
    public static final String SERVICE_NAME = "service.name";
    public static final String SERVICE_INSTANCE = "service.instance.id";

    public static final String HOTPATH_SPAN_TYPE = "hotpath.span.type";
    public static final String HTTP_METHOD = "http.request.method";
    public static final String HTTP_METHOD_OLD = "http.method";
    public static final String HTTP_ROUTE = "http.route";
    public static final String URL_PATH = "url.path";
    public static final String HTTP_TARGET_OLD = "http.target";
    public static final String URL_FULL = "url.full";
    public static final String HTTP_URL_OLD = "http.url";
    public static final String HTTP_STATUS = "http.response.status_code";
    public static final String HTTP_STATUS_OLD = "http.status_code";

    public static final String SERVER_ADDRESS = "server.address";
    public static final String SERVER_PORT = "server.port";
    public static final String NET_PEER_NAME_OLD = "net.peer.name";
    public static final String NET_PEER_PORT_OLD = "net.peer.port";
    public static final String URL_TEMPLATE = "url.template";
    public static final String ERROR_TYPE = "error.type";

    public static final String DB_SYSTEM_NAME = "db.system.name";
    public static final String DB_SYSTEM_OLD = "db.system";
    public static final String DB_QUERY_TEXT = "db.query.text";
    public static final String DB_STATEMENT_OLD = "db.statement";
    public static final String DB_OPERATION = "db.operation.name";
    public static final String DB_FINGERPRINT = "hotpath.db.fingerprint";

    public static final String CODE_FUNCTION = "code.function.name";
    public static final String CODE_FUNCTION_OLD = "code.function";
    public static final String CODE_NAMESPACE_OLD = "code.namespace";
    public static final String CODE_FILE = "code.file.path";
    public static final String CODE_FILE_OLD = "code.filepath";
    public static final String CODE_LINE = "code.line.number";
    public static final String CODE_LINE_OLD = "code.lineno";

    /** On the agent's root span: the trace is in the base-rate sample (unbiased), whatever else kept it. */
    public static final String KEEP_BASE_SAMPLE = "hotpath.keep.base_sample";

    public static final String POOL_NAME = "db.client.connection.pool.name";
    /** Thread-pool task spans: the pool's name and the task's wait in the queue (submit to start). */
    public static final String THREAD_POOL_NAME = "hotpath.executor.pool.name";
    public static final String TASK_QUEUE_WAIT_NS = "hotpath.executor.queue.wait_ns";

    private Attr() {
    }
}
