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
 * pool; when it is full the accepting thread runs the handler itself, which slows intake instead of
 * queueing without bound. Every refusal is a 4xx with a one-line reason and is counted.
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
                }, new ThreadPoolExecutor.CallerRunsPolicy());
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

    public int port() {
        return server.getAddress().getPort();
    }

    public String host() {
        return config.listenHost();
    }

    @Override
    public void close() {
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
        counters.increment("received.requests.traces");
        counters.add("received.spans", spans.size());
        sink.acceptSpans(spans);
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
            try {
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
            }
        };
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
