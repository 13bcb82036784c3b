package dev.hotpath.agent.trace;

/** What a recorded span stands for; maps to {@code hotpath.span.type} and the OTLP span kind. */
public enum SpanType {
    SERVER("server"),
    DB("db"),
    CONNECTION_ACQUIRE("db.connection.acquire"),
    HTTP_CLIENT("http.client"),
    /** A task a request handed to an executor: from submit to the end of its run, see {@link TaskRun}. */
    EXECUTOR_TASK("executor.task");

    public final String wireName;

    SpanType(String wireName) {
        this.wireName = wireName;
    }
}
