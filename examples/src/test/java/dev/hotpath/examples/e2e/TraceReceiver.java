package dev.hotpath.examples.e2e;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback HTTP receiver in the test JVM (no agent): each call names the trace it should belong to
 * ({@code ?trace=<id>&kind=<k>}); the receiver compares that with the trace id of the W3C
 * {@code traceparent} the caller's agent added, and counts calls and mismatches per kind.
 */
final class TraceReceiver implements AutoCloseable {
    private static final int MAX_EXAMPLES = 10;

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(4);
    private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> mismatches = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> examples = new ConcurrentLinkedQueue<>();

    private TraceReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        server.setExecutor(threads);
        server.createContext("/t", exchange -> {
            String query = exchange.getRequestURI().getRawQuery();
            String trace = param(query, "trace");
            String kind = param(query, "kind");
            String traceparent = exchange.getRequestHeaders().getFirst("traceparent");
            String carried = traceparent == null || traceparent.split("-").length < 4 ? null : traceparent.split("-")[1];
            calls.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
            if (!trace.equals(carried)) {
                mismatches.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
                if (examples.size() < MAX_EXAMPLES) {
                    examples.add(kind + ": request trace " + trace + ", traceparent " + traceparent
                            + " on " + exchange.getRequestHeaders().getFirst("User-Agent"));
                }
            }
            // no body: one write per answer (a body written after the headers meets Nagle and delayed ACKs: 40 ms a call)
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
    }

    static TraceReceiver start() throws IOException {
        return new TraceReceiver();
    }

    int port() {
        return server.getAddress().getPort();
    }

    long calls(String kind) {
        AtomicLong n = calls.get(kind);
        return n == null ? 0 : n.get();
    }

    long mismatches(String kind) {
        AtomicLong n = mismatches.get(kind);
        return n == null ? 0 : n.get();
    }

    List<String> examples() {
        return List.copyOf(examples);
    }

    private static String param(String query, String name) {
        for (String kv : query == null ? new String[0] : query.split("&")) {
            if (kv.startsWith(name + "=")) {
                return kv.substring(name.length() + 1);
            }
        }
        return "";
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
