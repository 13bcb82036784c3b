package dev.hotpath.collector.ingest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.hotpath.collector.CollectorConfig;
import dev.hotpath.collector.findings.Json;
import dev.hotpath.collector.jfr.ChunkMeta;
import dev.hotpath.collector.stats.CollectorCounters;
import dev.hotpath.collector.trace.Span;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The collector's HTTP front door on the JDK's built-in server: {@code POST /v1/traces} (OTLP
 * protobuf or JSON), {@code POST /v1/hotpath/stats}, {@code POST /v1/hotpath/jfr}, {@code GET /health},
 * {@code POST /v1/hotpath/control/deep-stop} (the deep-mode kill switch, answered on later stats posts). Handlers run on a bounded
 * pool with a bounded queue; a request arriving when both are full is shed: answered at once on the accepting
 * thread with 503, {@code Retry-After} and a reason, its body unread, and counted ({@code requests.shed.overload}),
 * never queued. Every refusal is a 4xx (or that 503) with a one-line reason and is counted. {@link #close()} answers
 * the requests in progress before releasing the port, so every span counted as received was answered 200.
 */
public final class IngestServer implements Closeable {
    static final String PROTOBUF = "application/x-protobuf";
    static final String JSON = "application/json";

    private final CollectorConfig config;
    private final IngestSink sink;
    private final CollectorCounters counters;
    private final BodyReader bodies;
    private final BodyReader jfrBodies;
    private final byte[] tokenBytes;
    private HttpServer server;
    private ThreadPoolExecutor executor;
    private volatile boolean deepStop;
    private volatile boolean closing;
    private final AtomicInteger inProgress = new AtomicInteger();
    /** Set on the accepting thread while it answers a request the full pool could not take. */
    private static final ThreadLocal<Boolean> SHEDDING = new ThreadLocal<>();
    static final String RETRY_AFTER_SECONDS = "1";

    public IngestServer(CollectorConfig config, IngestSink sink, CollectorCounters counters) {
        this.config = config;
        this.sink = sink;
        this.counters = counters;
        this.bodies = new BodyReader(config.maxBodyBytes(), config.maxDecodedBodyBytes());
        this.jfrBodies = new BodyReader(config.jfr().maxBodyBytes(), config.jfr().maxBodyBytes());
        this.tokenBytes = config.token() == null ? null : ("Bearer " + config.token()).getBytes(StandardCharsets.UTF_8);
    }

    /** Refuses a non-loopback address without a token: an open port would accept anyone's data. */
    public static void checkListenAddress(CollectorConfig config) throws IOException {
        InetAddress addr = InetAddress.getByName(config.listenHost());
        if (!addr.isLoopbackAddress() && config.token() == null) {
            throw new IllegalArgumentException("refusing to listen on non-loopback address " + config.listenHost()
                    + " without --token (requests would then need 'Authorization: Bearer <token>')");
        }
    }

    public void start() throws IOException {
        checkListenAddress(config);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(config.listenHost()), config.listenPort()), 128);
        AtomicInteger n = new AtomicInteger();
        executor = new ThreadPoolExecutor(config.handlerThreads(), config.handlerThreads(), 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(config.handlerQueue()), r -> {
                    Thread t = new Thread(r, "hotpath-ingest-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, (exchange, pool) -> shed(exchange));
        server.setExecutor(executor);
        server.createContext("/v1/traces", guarded("POST", this::traces));
        server.createContext("/v1/hotpath/stats", guarded("POST", this::stats));
        server.createContext("/v1/hotpath/jfr", guarded("POST", this::jfr));
        server.createContext("/health", guarded("GET", this::health));
        server.createContext("/v1/hotpath/control/deep-stop", guarded("POST", this::deepStop));
        server.createContext("/", guarded(null, ex -> {
            throw new RejectedRequest(404, "not_found", "no such endpoint " + ex.getRequestURI().getPath());
        }));
        server.start();
    }

    /** The pool and its queue are full: the exchange runs here only to be answered 503, without reading its body. */
    private static void shed(Runnable exchange) {
        SHEDDING.set(Boolean.TRUE);
        try {
            exchange.run();
        } finally {
            SHEDDING.remove();
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String host() {
        return config.listenHost();
    }

    /**
     * Stops intake: new requests get 503 (retryable), those in progress are answered (up to 5 s), then the port is
     * released. Without the wait, a request whose spans were already taken would lose its answer and be sent again.
     */
    @Override
    public void close() {
        closing = true;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (inProgress.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (server != null) {
            server.stop(0);
        }
        if (executor != null) {
            executor.shutdown();
            try {
                executor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void traces(HttpExchange ex) throws RejectedRequest, IOException {
        String type = mediaType(ex);
        if (!type.equals(PROTOBUF) && !type.equals("application/protobuf") && !type.equals(JSON)) {
            throw unsupportedType(type, PROTOBUF + " or " + JSON);
        }
        BodyReader.Body body = bodies.read(ex);
        counters.add("received.bytes", body.wireBytes());
        List<Span> spans = OtlpTraceBodies.decode(type.equals(JSON), body.bytes());
        sink.acceptSpans(spans, type.equals(JSON) ? IngestJournal.JSON : IngestJournal.PROTOBUF, body.bytes());
        counters.increment("received.requests.traces");
        counters.add("received.spans", spans.size());
        // an empty ExportTraceServiceResponse: zero bytes in protobuf, {} in JSON
        if (type.equals(JSON)) {
            respond(ex, 200, JSON, "{}");
        } else {
            ex.getResponseHeaders().set("Content-Type", PROTOBUF);
            ex.sendResponseHeaders(200, -1);
        }
    }

    private void stats(HttpExchange ex) throws RejectedRequest, IOException {
        String type = mediaType(ex);
        if (!type.equals(JSON)) {
            throw unsupportedType(type, JSON);
        }
        BodyReader.Body body = bodies.read(ex);
        counters.add("received.bytes", body.wireBytes());
        sink.acceptStats(StatsDecoder.decode(body.bytes()));
        counters.increment("received.requests.stats");
        respond(ex, 200, JSON, deepStop ? "{\"deep\":\"stop\"}" : "{}");
    }

    /**
     * From now on every stats response tells agents {@code "deep":"stop"}: deep-mode profiling stops on each
     * agent at its next stats post, for the rest of that JVM's life.
     */
    public void requestDeepStop() {
        if (!deepStop) {
            deepStop = true;
            counters.increment("control.deep_stop");
        }
    }

    private void deepStop(HttpExchange ex) throws IOException {
        requestDeepStop();
        respond(ex, 200, JSON, "{\"deep\":\"stop\"}");
    }

    private void jfr(HttpExchange ex) throws RejectedRequest, IOException {
        // read (bounded) first: refusing a multi-MB upload unread makes the client see a reset, not our reason
        BodyReader.Body body = jfrBodies.read(ex);
        counters.add("received.bytes", body.wireBytes());
        String type = mediaType(ex);
        if (!type.equals("application/octet-stream")) {
            throw unsupportedType(type, "application/octet-stream");
        }
        ChunkMeta meta = JfrUploadParams.parse(ex.getRequestURI().getRawQuery());
        if (!JfrUploadParams.looksLikeJfr(body.bytes())) {
            throw RejectedRequest.malformed("body is not a JFR file (no FLR magic)");
        }
        sink.acceptJfr(meta, body.bytes());
        counters.increment("received.requests.jfr");
        respond(ex, 200, JSON, "{}");
    }

    private void health(HttpExchange ex) throws IOException {
        respond(ex, 200, JSON, Json.MAPPER.writeValueAsString(sink.health()));
    }

    private static RejectedRequest unsupportedType(String got, String expected) {
        return new RejectedRequest(415, "unsupported_media_type",
                "unsupported Content-Type '" + (got.isEmpty() ? "(none)" : got) + "'; use " + expected);
    }

    private static String mediaType(HttpExchange ex) {
        String ct = ex.getRequestHeaders().getFirst("Content-Type");
        if (ct == null) {
            return "";
        }
        int semi = ct.indexOf(';');
        return (semi < 0 ? ct : ct.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    private interface Body {
        void handle(HttpExchange ex) throws RejectedRequest, IOException;
    }

    /** Auth, method check, and the one place refusals and failures turn into responses and counters. */
    private HttpHandler guarded(String method, Body body) {
        return ex -> {
            inProgress.incrementAndGet();
            try {
                if (SHEDDING.get() != null || closing) {
                    refuseUnavailable(ex);
                    return;
                }
                if (tokenBytes != null && !authorized(ex)) {
                    ex.getResponseHeaders().set("WWW-Authenticate", "Bearer");
                    throw new RejectedRequest(401, "unauthorized", "missing or wrong 'Authorization: Bearer <token>'");
                }
                if (method != null && !ex.getRequestMethod().equalsIgnoreCase(method)) {
                    ex.getResponseHeaders().set("Allow", method);
                    throw new RejectedRequest(405, "method_not_allowed", "use " + method + " for " + ex.getRequestURI().getPath());
                }
                body.handle(ex);
            } catch (RejectedRequest r) {
                counters.increment("requests.rejected." + r.counterKey());
                if (r.status() == 503) {
                    ex.getResponseHeaders().set("Retry-After", RETRY_AFTER_SECONDS);
                }
                respondQuietly(ex, r.status(), r.getMessage());
            } catch (IOException e) {
                counters.increment("requests.failed.io");
                respondQuietly(ex, 400, "could not read request: " + e.getMessage());
            } catch (RuntimeException | Error e) {
                // never let one bad request take the server down; report, count, keep serving
                counters.increment("requests.failed.internal");
                respondQuietly(ex, 500, "internal error: " + e.getClass().getSimpleName());
                if (e instanceof VirtualMachineError vme) {
                    throw vme;
                }
            } finally {
                ex.close();
                inProgress.decrementAndGet();
            }
        };
    }

    /** 503 without reading the body (so the connection cannot carry another request), counted. */
    private void refuseUnavailable(HttpExchange ex) {
        String reason;
        if (closing) {
            counters.increment("requests.rejected.shutting_down");
            reason = "collector is shutting down; retry later";
        } else {
            counters.increment("requests.shed.overload");
            reason = "collector overloaded: " + config.handlerThreads() + " requests in progress and " + config.handlerQueue()
                    + " waiting; request shed, retry later";
        }
        ex.getResponseHeaders().set("Retry-After", RETRY_AFTER_SECONDS);
        ex.getResponseHeaders().set("Connection", "close");
        try {
            respond(ex, 503, "text/plain; charset=utf-8", reason + "\n");
        } catch (IOException | RuntimeException ignored) {
            // client gone
        }
    }

    private boolean authorized(HttpExchange ex) {
        String h = ex.getRequestHeaders().getFirst("Authorization");
        return h != null && MessageDigest.isEqual(h.trim().getBytes(StandardCharsets.UTF_8), tokenBytes);
    }

    private static void respond(HttpExchange ex, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static void respondQuietly(HttpExchange ex, int status, String reason) {
        try {
            if (status == 413) {
                // the rest of an oversized body is not read: this connection cannot carry another request
                ex.getResponseHeaders().set("Connection", "close");
            }
            respond(ex, status, "text/plain; charset=utf-8", RejectedRequest.oneLine(reason) + "\n");
        } catch (IOException | RuntimeException ignored) {
            // headers already sent or client gone: nothing more to say
        }
    }
}
