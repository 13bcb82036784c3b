package dev.hotpath.collector.testing;

import dev.hotpath.collector.trace.Span;
import dev.hotpath.collector.trace.SpanKind;
import dev.hotpath.collector.trace.Trace;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Builds synthetic request traces: a SERVER root and DB child spans laid out sequentially or in
 * parallel. Ids are deterministic (a counter), times in nanoseconds from a fixed epoch.
 */
public final class TraceBuilder {
    public static final long EPOCH_NANOS = 1_764_220_000_000_000_000L;
    public static final long MS = 1_000_000L;
    private static final AtomicLong IDS = new AtomicLong(1);

    private final String service;
    private final String traceId;
    private final String rootId;
    private final long start;
    private final List<SpanSpec> spans = new ArrayList<>();
    private String method = "GET";
    private String route = "/owners/{id}";
    private String path;
    private long cursor;
    private long tailNanos = 2 * MS;
    private boolean error;
    private boolean foreign;
    private int literal = 1000;
    private boolean baseSample;

    private TraceBuilder(String service, long startNanos) {
        this.service = service;
        this.traceId = String.format("%032x", IDS.getAndIncrement() | (1L << 62));
        this.rootId = nextSpanId();
        this.start = startNanos;
        this.cursor = startNanos + MS; // 1 ms of work before the first query
    }

    public static TraceBuilder request(String service, long startNanos) {
        return new TraceBuilder(service, startNanos);
    }

    public static String nextSpanId() {
        return String.format("%016x", IDS.getAndIncrement() | (1L << 60));
    }

    public TraceBuilder endpoint(String method, String route) {
        this.method = method;
        this.route = route;
        return this;
    }

    /** Use a raw path and no http.route (foreign SDK). */
    public TraceBuilder rawPath(String method, String path) {
        this.method = method;
        this.route = null;
        this.path = path;
        return this;
    }

    /**
     * Attributes as an older/foreign OpenTelemetry SDK sends them: db.system, raw db.statement with
     * literals (use "?" in the sql where a literal goes), http.method + http.target, no hotpath.* attributes.
     */
    public TraceBuilder foreign() {
        this.foreign = true;
        return this;
    }

    public TraceBuilder error() {
        this.error = true;
        return this;
    }

    /** Marks the root as the agent does when the trace id falls in the base rate ({@code hotpath.keep.base_sample}). */
    public TraceBuilder baseSample() {
        this.baseSample = true;
        return this;
    }

    /** {@code n} statements one after another, each {@code eachMs} long, with 0.05 ms gaps. */
    public TraceBuilder sequential(int n, String sql, String fingerprint, double eachMs) {
        for (int i = 0; i < n; i++) {
            long d = (long) (eachMs * MS);
            spans.add(db(cursor, cursor + d, sql, fingerprint));
            cursor += d + 50_000;
        }
        return this;
    }

    /** {@code n} statements that all start together (parallel). */
    public TraceBuilder parallel(int n, String sql, String fingerprint, double eachMs) {
        long d = (long) (eachMs * MS);
        for (int i = 0; i < n; i++) {
            spans.add(db(cursor + i * 10_000L, cursor + i * 10_000L + d, sql, fingerprint));
        }
        cursor += d + n * 10_000L + 50_000;
        return this;
    }

    /** {@code n} outbound calls to http://host:port + template (with id i in the path), one after another. */
    public TraceBuilder httpSequential(int n, String method, String host, int port, String template, double eachMs) {
        for (int i = 0; i < n; i++) {
            httpCall(method, host, port, template, eachMs, null);
        }
        return this;
    }

    /** {@code n} outbound calls that all start together (parallel). */
    public TraceBuilder httpParallel(int n, String method, String host, int port, String template, double eachMs) {
        long d = (long) (eachMs * MS);
        for (int i = 0; i < n; i++) {
            spans.add(http(cursor + i * 10_000L, cursor + i * 10_000L + d, method, host, port, template, null));
        }
        cursor += d + n * 10_000L + 50_000;
        return this;
    }

    /** One outbound call; {@code errorType} non-null makes it fail (status 503 unless the type names a timeout). */
    public TraceBuilder httpCall(String method, String host, int port, String template, double ms, String errorType) {
        long d = (long) (ms * MS);
        spans.add(http(cursor, cursor + d, method, host, port, template, errorType));
        cursor += d + 50_000;
        return this;
    }

    private SpanSpec http(long s, long e, String method, String host, int port, String template, String errorType) {
        String path = template.replace("{id}", Integer.toString(literal++));
        if (foreign) {
            var f = SpanSpec.attrs("http.method", method, "http.url", "http://" + host + ":" + port + path + "?q=1");
            if (errorType == null) {
                f.put("http.status_code", 200L);
            }
            return new SpanSpec(service, traceId, nextSpanId(), rootId, "HTTP " + method, SpanKind.CLIENT, s, e,
                    errorType != null, f);
        }
        var a = SpanSpec.attrs("hotpath.span.type", "http.client", "http.request.method", method, "server.address", host,
                "server.port", (long) port, "url.template", template, "url.full", "http://" + host + ":" + port + path,
                "code.function.name", "dev.example.InventoryClient.fetch", "code.file.path", "InventoryClient.java",
                "code.line.number", 31L);
        if (errorType == null) {
            a.put("http.response.status_code", 200L);
        } else {
            a.put("error.type", errorType);
            if (!errorType.toLowerCase(java.util.Locale.ROOT).contains("timeout")) {
                a.put("http.response.status_code", 503L);
            }
        }
        return new SpanSpec(service, traceId, nextSpanId(), rootId, method, SpanKind.CLIENT, s, e, errorType != null, a);
    }

    /** Waits {@code ms} for a connection from the named pool (a connection-acquire span), as the agent records it. */
    public TraceBuilder acquire(String pool, double ms) {
        long d = (long) (ms * MS);
        var a = SpanSpec.attrs("hotpath.span.type", "db.connection.acquire", "db.client.connection.pool.name", pool,
                "db.system.name", "h2");
        spans.add(new SpanSpec(service, traceId, nextSpanId(), rootId, "db.connection.acquire", SpanKind.INTERNAL, cursor,
                cursor + d, false, a));
        cursor += d + 50_000;
        return this;
    }

    /** A task run on the named thread pool after {@code queueMs} in its queue, running {@code runMs}. */
    public TraceBuilder task(String pool, double queueMs, double runMs) {
        long q = (long) (queueMs * MS);
        long d = (long) (runMs * MS);
        var a = SpanSpec.attrs("hotpath.span.type", "executor.task", "hotpath.executor.pool.name", pool,
                "hotpath.executor.queue.wait_ns", q);
        spans.add(new SpanSpec(service, traceId, nextSpanId(), rootId, "task " + pool, SpanKind.INTERNAL, cursor + q,
                cursor + q + d, false, a));
        cursor += q + d + 50_000;
        return this;
    }

    /** Other work in the request, after the queries. */
    public TraceBuilder work(double ms) {
        cursor += (long) (ms * MS);
        return this;
    }

    private SpanSpec db(long s, long e, String sql, String fingerprint) {
        if (foreign) {
            var f = SpanSpec.attrs("db.system", "postgresql", "db.statement", sql.replace("?", Integer.toString(literal++)));
            return new SpanSpec(service, traceId, nextSpanId(), rootId, "SELECT", SpanKind.CLIENT, s, e, false, f);
        }
        var a = SpanSpec.attrs("hotpath.span.type", "db", "db.system.name", "h2", "db.query.text", sql,
                "code.function.name", "dev.example.OwnerRepository.findPets", "code.file.path", "OwnerRepository.java",
                "code.line.number", 42L);
        if (fingerprint != null) {
            a.put("hotpath.db.fingerprint", fingerprint);
        }
        return new SpanSpec(service, traceId, nextSpanId(), rootId, "SELECT pets", SpanKind.CLIENT, s, e, false, a);
    }

    public String traceId() {
        return traceId;
    }

    /** All spans, root last (as an agent exports them: children end first). */
    public List<SpanSpec> specs() {
        List<SpanSpec> all = new ArrayList<>(spans);
        long end = cursor + tailNanos;
        if (foreign) {
            var f = SpanSpec.attrs("http.method", method, "http.target", (path != null ? path : route.replace("{id}", "7")) + "?x=1",
                    "http.status_code", error ? 500L : 200L);
            all.add(new SpanSpec(service, traceId, rootId, null, "HTTP " + method, SpanKind.SERVER, start, end, error, f));
            return all;
        }
        var a = SpanSpec.attrs("http.request.method", method, "hotpath.span.type", "server",
                "http.response.status_code", error ? 500L : 200L);
        if (route != null) {
            a.put("http.route", route);
            a.put("url.path", route.replace("{id}", "7"));
        } else {
            a.put("url.path", path);
        }
        if (baseSample) {
            a.put("hotpath.keep.base_sample", true);
        }
        all.add(new SpanSpec(service, traceId, rootId, null, method + " " + (route != null ? route : path), SpanKind.SERVER,
                start, end, error, a));
        return all;
    }

    public List<Span> spans() {
        return SpanSpec.toSpans(specs());
    }

    public Trace trace() {
        List<Span> all = spans();
        Span root = all.get(all.size() - 1);
        List<Span> sorted = new ArrayList<>(all);
        sorted.sort(java.util.Comparator.comparingLong(Span::startEpochNanos));
        return new Trace(traceId, sorted, root, true, 0);
    }
}
