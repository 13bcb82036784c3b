package dev.hotpath.examples.bench;

import com.sun.net.httpserver.HttpServer;
import dev.hotpath.bootstrap.HotpathHooks;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Per-call cost of the outbound HTTP instrumentation inside a recorded request (client span, W3C
 * header injected): {@code java.net.http.HttpClient.send} and {@code HttpURLConnection} GETs to a
 * loopback JDK HTTP server answering 2 bytes. The call itself costs tens of microseconds; the
 * difference between the runs without and with {@code -javaagent} (examples/bench/call-overhead.sh)
 * is the agent's share. The request's own enter/exit is in ConnectionAcquireBenchmark.emptyRequest.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 8, time = 2)
@Fork(2)
public class HttpClientCallBenchmark {
    private HttpServer server;
    private ExecutorService serverThreads;
    private HttpClient client;
    private HttpRequest request;
    private URL url;

    @Setup(Level.Trial)
    public void start() throws IOException {
        // no Nagle on the server's sockets: otherwise a delayed ACK adds ~40 ms to every loopback call
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        serverThreads = Executors.newFixedThreadPool(2);
        server.setExecutor(serverThreads);
        server.createContext("/items/", exchange -> {
            exchange.sendResponseHeaders(200, 2);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(new byte[] {'o', 'k'});
            }
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        request = HttpRequest.newBuilder(URI.create(base + "/items/42")).GET().build();
        url = URI.create(base + "/items/42").toURL();
    }

    @TearDown(Level.Trial)
    public void stop() {
        server.stop(0);
        serverThreads.shutdownNow();
    }

    @Benchmark
    public int jdkHttpClientInRequest() throws Exception {
        Object r = HotpathHooks.serverEnter("GET", "/front/1", null, null);
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofByteArray()).body().length;
        } finally {
            HotpathHooks.serverExit(r, 200, "/front/{id}", null);
        }
    }

    @Benchmark
    public int urlConnectionInRequest() throws IOException {
        Object r = HotpathHooks.serverEnter("GET", "/front/1", null, null);
        try {
            HttpURLConnection c = (HttpURLConnection) url.openConnection();
            try (var in = c.getInputStream()) {
                return in.readAllBytes().length + c.getResponseCode();
            }
        } finally {
            HotpathHooks.serverExit(r, 200, "/front/{id}", null);
        }
    }
}
