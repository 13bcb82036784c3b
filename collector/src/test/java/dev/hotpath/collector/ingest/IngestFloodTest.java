package dev.hotpath.collector.ingest;

import static dev.hotpath.collector.testing.TraceBuilder.EPOCH_NANOS;
import static dev.hotpath.collector.testing.TraceBuilder.MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hotpath.collector.Collector;
import dev.hotpath.collector.CollectorConfig;
import dev.hotpath.collector.testing.Otlp;
import dev.hotpath.collector.testing.SpanSpec;
import dev.hotpath.collector.testing.TraceBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flood (issue 7, item 11): with every handler busy and the handler queue full, further requests are shed at
 * once (503, Retry-After, a reason), counted, and not queued: nothing of them is received, and the held
 * requests, once they complete, are still answered 200. Handlers are held by clients that send all but the last
 * byte of a valid body, so the test needs no timing.
 */
class IngestFloodTest {
    private static final int THREADS = 2;
    private static final int QUEUE = 4;
    private static final int FLOOD = 10 * (THREADS + QUEUE) * 2;

    @TempDir
    Path tmp;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void aFloodBeyondThePoolAndQueueIsShedWith503AndCountedNotQueued() throws Exception {
        CollectorConfig cfg = CollectorConfig.builder(tmp.resolve("run")).listen("127.0.0.1", 0)
                .handlerThreads(THREADS).handlerQueue(QUEUE)
                .traceQuietPeriod(Duration.ofHours(1)).orphanTraceTimeout(Duration.ofHours(1)).flushInterval(Duration.ZERO)
                .build();
        try (Collector c = Collector.start(cfg)) {
            List<HeldRequest> held = new ArrayList<>();
            for (int i = 0; i < THREADS + QUEUE; i++) {
                held.add(HeldRequest.open(c.port(), trace(i)));
            }
            // the held requests reach the pool in their own time: probe until one is shed, then the pool is full
            int probes = 0;
            HttpResponse<String> probe;
            do {
                probe = post(c, trace(100 + probes));
                probes++;
                assertTrue(probes < 200, "the pool never filled up: " + probe.statusCode());
            } while (probe.statusCode() == 200);
            long acceptedProbes = c.counters().get("received.requests.traces");

            ExecutorService clients = Executors.newFixedThreadPool(16);
            List<Future<HttpResponse<String>>> flood = new ArrayList<>();
            for (int i = 0; i < FLOOD; i++) {
                byte[] body = trace(1000 + i);
                flood.add(clients.submit(() -> post(c, body)));
            }
            for (Future<HttpResponse<String>> f : flood) {
                HttpResponse<String> r = f.get();
                assertEquals(503, r.statusCode(), r.body());
                assertEquals("1", r.headers().firstValue("Retry-After").orElse(""));
                assertTrue(r.body().startsWith("collector overloaded:") && r.body().endsWith("retry later\n"), r.body());
            }
            clients.shutdown();
            assertEquals(FLOOD + (probes - acceptedProbes), c.counters().get("requests.shed.overload"),
                    "every shed request is counted");
            assertEquals(acceptedProbes, c.counters().get("received.requests.traces"), "nothing of the flood was taken in");

            for (HeldRequest h : held) {
                assertEquals(200, h.finish(), "held requests were in the pool or its queue, and are served");
            }
            assertEquals(200, post(c, trace(5000)).statusCode(), "after the flood the collector serves again");
            assertEquals(acceptedProbes + held.size() + 1, c.counters().get("received.requests.traces"));
            assertEquals(FLOOD + (probes - acceptedProbes), c.counters().get("requests.shed.overload"));
        }
    }

    private static byte[] trace(int i) {
        List<SpanSpec> specs = TraceBuilder.request("shop", EPOCH_NANOS + i * 100L * MS).work(3).specs();
        return Otlp.protobuf(specs).toByteArray();
    }

    private HttpResponse<String> post(Collector c, byte[] body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(c.endpoint() + "/v1/traces")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-protobuf").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A raw connection that sends a valid request but holds back the body's last byte until {@link #finish()}. */
    private record HeldRequest(Socket socket, byte[] body) {
        static HeldRequest open(int port, byte[] body) throws IOException {
            Socket s = new Socket("127.0.0.1", port);
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /v1/traces HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-protobuf\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, body.length - 1);
            out.flush();
            return new HeldRequest(s, body);
        }

        int finish() throws IOException {
            try (socket) {
                socket.getOutputStream().write(body[body.length - 1]);
                socket.getOutputStream().flush();
                InputStream in = socket.getInputStream();
                StringBuilder status = new StringBuilder();
                int b;
                while ((b = in.read()) != -1 && b != '\r') {
                    status.append((char) b);
                }
                return Integer.parseInt(status.toString().split(" ")[1]);
            }
        }
    }
}
