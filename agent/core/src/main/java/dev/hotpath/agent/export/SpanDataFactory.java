package dev.hotpath.agent.export;

import dev.hotpath.agent.trace.CodePointer;
import dev.hotpath.agent.trace.HttpCall;
import dev.hotpath.agent.trace.Ids;
import dev.hotpath.agent.trace.LocalSpan;
import dev.hotpath.agent.trace.LocalTrace;
import dev.hotpath.agent.trace.SpanType;
import dev.hotpath.agent.trace.TaskRun;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.TraceStateBuilder;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;

import java.util.List;
import java.util.Map;

/**
 * Turns a kept local trace into OpenTelemetry span data with semantic-convention attributes (see
 * collector/WIRE.md). Runs on the exporter thread, never on the application's.
 */
final class SpanDataFactory {
    static final AttributeKey<String> SPAN_TYPE = AttributeKey.stringKey("hotpath.span.type");
    static final AttributeKey<String> KEEP_REASON = AttributeKey.stringKey("hotpath.keep.reason");
    static final AttributeKey<Boolean> BASE_SAMPLE = AttributeKey.booleanKey("hotpath.keep.base_sample");
    static final AttributeKey<String> HTTP_METHOD = AttributeKey.stringKey("http.request.method");
    static final AttributeKey<String> HTTP_ROUTE = AttributeKey.stringKey("http.route");
    static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");
    static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    static final AttributeKey<String> DB_SYSTEM = AttributeKey.stringKey("db.system.name");
    static final AttributeKey<String> DB_NAMESPACE = AttributeKey.stringKey("db.namespace");
    static final AttributeKey<String> DB_QUERY = AttributeKey.stringKey("db.query.text");
    static final AttributeKey<String> DB_OPERATION = AttributeKey.stringKey("db.operation.name");
    static final AttributeKey<String> DB_COLLECTION = AttributeKey.stringKey("db.collection.name");
    static final AttributeKey<String> DB_FINGERPRINT = AttributeKey.stringKey("hotpath.db.fingerprint");
    static final AttributeKey<Long> DB_BATCH_SIZE = AttributeKey.longKey("db.operation.batch.size");
    static final AttributeKey<String> POOL_NAME = AttributeKey.stringKey("db.client.connection.pool.name");
    static final AttributeKey<String> CODE_FUNCTION = AttributeKey.stringKey("code.function.name");
    static final AttributeKey<String> CODE_FILE = AttributeKey.stringKey("code.file.path");
    static final AttributeKey<Long> CODE_LINE = AttributeKey.longKey("code.line.number");
    static final AttributeKey<Long> DROPPED_SPANS = AttributeKey.longKey("hotpath.spans.dropped");
    static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
    static final AttributeKey<String> URL_TEMPLATE = AttributeKey.stringKey("url.template");
    static final AttributeKey<Long> HTTP_REQUEST_BODY_SIZE = AttributeKey.longKey("http.request.body.size");
    static final AttributeKey<Long> HTTP_RESPONSE_BODY_SIZE = AttributeKey.longKey("http.response.body.size");
    static final AttributeKey<Boolean> UNFINISHED = AttributeKey.booleanKey("hotpath.span.unfinished");
    static final AttributeKey<String> EXECUTOR_POOL = AttributeKey.stringKey("hotpath.executor.pool.name");
    static final AttributeKey<Long> EXECUTOR_QUEUE_WAIT = AttributeKey.longKey("hotpath.executor.queue.wait_ns");
    static final AttributeKey<Long> EXECUTOR_RUN = AttributeKey.longKey("hotpath.executor.run_ns");

    private final Resource resource;
    private final InstrumentationScopeInfo scope;

    SpanDataFactory(Map<String, String> resourceAttributes, String version) {
        AttributesBuilder b = Attributes.builder();
        resourceAttributes.forEach((k, v) -> b.put(AttributeKey.stringKey(k), v));
        b.put(AttributeKey.stringKey("telemetry.sdk.name"), "hotpath");
        b.put(AttributeKey.stringKey("telemetry.sdk.language"), "java");
        b.put(AttributeKey.stringKey("telemetry.sdk.version"), version);
        this.resource = Resource.create(b.build());
        this.scope = InstrumentationScopeInfo.builder("dev.hotpath.agent").setVersion(version).build();
    }

    void addSpans(LocalTrace trace, String keepReason, List<SpanData> out) {
        String traceId = trace.traceIdHex();
        TraceState state = parseTraceState(trace.traceState);
        SpanContext remoteParent = trace.remoteParentSpanId == 0 ? SpanContext.getInvalid()
                : SpanContext.createFromRemoteParent(traceId, Ids.hex(trace.remoteParentSpanId), TraceFlags.getSampled(), state);
        LocalSpan root = trace.root;
        SpanContext rootContext = SpanContext.create(traceId, Ids.hex(root.spanId), TraceFlags.getSampled(), state);

        AttributesBuilder rootAttrs = Attributes.builder()
                .put(SPAN_TYPE, SpanType.SERVER.wireName)
                .put(HTTP_METHOD, root.method)
                .put(HTTP_ROUTE, root.route)
                .put(URL_PATH, root.path)
                .put(HTTP_STATUS, (long) root.status)
                .put(KEEP_REASON, keepReason);
        if (root.errorType != null) {
            rootAttrs.put(ERROR_TYPE, root.errorType);
        }
        if (trace.baseSample) {
            rootAttrs.put(BASE_SAMPLE, true);
        }
        if (trace.droppedSpans > 0) {
            rootAttrs.put(DROPPED_SPANS, (long) trace.droppedSpans);
        }
        boolean rootFailed = root.status >= 500 || root.errorType != null;
        out.add(new AgentSpanData(root.method + " " + root.route, SpanKind.SERVER, rootContext, remoteParent,
                rootFailed ? StatusData.error() : StatusData.unset(),
                trace.toEpochNanos(root.startNanos), trace.toEpochNanos(root.endNanos), rootAttrs.build(), resource, scope));

        for (LocalSpan span : trace.children) {
            SpanContext context = SpanContext.create(traceId, Ids.hex(span.spanId), TraceFlags.getSampled(), state);
            SpanContext parent = SpanContext.create(traceId, Ids.hex(span.parentSpanId), TraceFlags.getSampled(), state);
            if (span.type == SpanType.HTTP_CLIENT) {
                out.add(httpClientSpan(trace, span, context, parent));
                continue;
            }
            if (span.type == SpanType.EXECUTOR_TASK) {
                out.add(taskSpan(trace, span, context, parent));
                continue;
            }
            AttributesBuilder attrs = Attributes.builder().put(SPAN_TYPE, span.type.wireName);
            String name;
            SpanKind kind;
            if (span.type == SpanType.DB) {
                kind = SpanKind.CLIENT;
                name = span.sql.table() != null ? span.sql.operation() + " " + span.sql.table() : span.sql.operation();
                attrs.put(DB_SYSTEM, span.db.system())
                        .put(DB_QUERY, span.sql.text())
                        .put(DB_OPERATION, span.sql.operation())
                        .put(DB_FINGERPRINT, span.sql.fingerprint());
                if (span.db.namespace() != null) {
                    attrs.put(DB_NAMESPACE, span.db.namespace());
                }
                if (span.sql.table() != null) {
                    attrs.put(DB_COLLECTION, span.sql.table());
                }
                if (span.batchSize > 0) {
                    attrs.put(DB_BATCH_SIZE, (long) span.batchSize);
                }
                LocalTrace.Repeats repeats = trace.repeatsByFingerprint.get(span.sql.fingerprint());
                CodePointer code = repeats == null ? null : repeats.codePointer;
                if (code != null) {
                    attrs.put(CODE_FUNCTION, code.function());
                    if (code.file() != null) {
                        attrs.put(CODE_FILE, code.file());
                    }
                    if (code.line() > 0) {
                        attrs.put(CODE_LINE, (long) code.line());
                    }
                }
            } else {
                kind = SpanKind.INTERNAL;
                name = "db.connection.acquire";
                if (span.poolName != null) {
                    attrs.put(POOL_NAME, span.poolName);
                }
                if (span.db != null) {
                    attrs.put(DB_SYSTEM, span.db.system());
                }
            }
            if (span.errorType != null) {
                attrs.put(ERROR_TYPE, span.errorType);
            }
            out.add(new AgentSpanData(name, kind, context, parent,
                    span.errorType != null ? StatusData.create(StatusCode.ERROR, span.errorType) : StatusData.unset(),
                    trace.toEpochNanos(span.startNanos), trace.toEpochNanos(span.endNanos), attrs.build(), resource, scope));
        }
    }

    /** An outbound HTTP call; one still waiting for its response when the request ended is cut at the request's end. */
    private SpanData httpClientSpan(LocalTrace trace, LocalSpan span, SpanContext context, SpanContext parent) {
        HttpCall call = span.http;
        boolean done = call.done; // volatile read first: publishes the end fields written by the completing thread
        AttributesBuilder attrs = Attributes.builder()
                .put(SPAN_TYPE, SpanType.HTTP_CLIENT.wireName)
                .put(HTTP_METHOD, call.method)
                .put(URL_TEMPLATE, call.urlTemplate);
        if (call.serverAddress != null) {
            attrs.put(SERVER_ADDRESS, call.serverAddress);
        }
        if (call.serverPort > 0) {
            attrs.put(SERVER_PORT, (long) call.serverPort);
        }
        if (call.requestBodySize >= 0) {
            attrs.put(HTTP_REQUEST_BODY_SIZE, call.requestBodySize);
        }
        long end;
        String errorType = null;
        if (done) {
            end = call.endNanos;
            errorType = call.errorType;
            if (call.status > 0) {
                attrs.put(HTTP_STATUS, (long) call.status);
            }
            if (call.responseBodySize >= 0) {
                attrs.put(HTTP_RESPONSE_BODY_SIZE, call.responseBodySize);
            }
            if (errorType != null) {
                attrs.put(ERROR_TYPE, errorType);
            }
        } else {
            end = Math.max(span.startNanos, trace.root.endNanos);
            attrs.put(UNFINISHED, true);
        }
        return new AgentSpanData(call.method + " " + call.urlTemplate, SpanKind.CLIENT, context, parent,
                errorType != null ? StatusData.create(StatusCode.ERROR, errorType) : StatusData.unset(),
                trace.toEpochNanos(span.startNanos), trace.toEpochNanos(end), attrs.build(), resource, scope);
    }

    /** A task from submit to the end of its run; one still running when the request ended is cut there. */
    private SpanData taskSpan(LocalTrace trace, LocalSpan span, SpanContext context, SpanContext parent) {
        TaskRun task = span.task;
        boolean done = task.done; // volatile read first: publishes the end fields written by the worker
        AttributesBuilder attrs = Attributes.builder()
                .put(SPAN_TYPE, SpanType.EXECUTOR_TASK.wireName)
                .put(EXECUTOR_POOL, task.poolName)
                .put(EXECUTOR_QUEUE_WAIT, task.queueWaitNanos);
        long end;
        String errorType = null;
        if (done) {
            end = task.endNanos;
            errorType = task.errorType;
            attrs.put(EXECUTOR_RUN, task.endNanos - task.runStartNanos);
            if (errorType != null) {
                attrs.put(ERROR_TYPE, errorType);
            }
        } else {
            end = Math.max(span.startNanos, trace.root.endNanos);
            attrs.put(UNFINISHED, true);
        }
        return new AgentSpanData("task " + task.poolName, SpanKind.INTERNAL, context, parent,
                errorType != null ? StatusData.create(StatusCode.ERROR, errorType) : StatusData.unset(),
                trace.toEpochNanos(span.startNanos), trace.toEpochNanos(end), attrs.build(), resource, scope);
    }

    private static TraceState parseTraceState(String raw) {
        if (raw == null) {
            return TraceState.getDefault();
        }
        TraceStateBuilder b = TraceState.builder();
        for (String member : raw.split(",")) {
            int eq = member.indexOf('=');
            if (eq > 0) {
                b.put(member.substring(0, eq).trim(), member.substring(eq + 1).trim());
            }
        }
        return b.build();
    }
}
