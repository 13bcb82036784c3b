package dev.hotpath.examples.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A collector that misbehaves (issue 7, item 2): its {@code /v1/traces} answers attempt after attempt 503 with
 * {@code Retry-After}, 413, nothing at all (accepts and holds the request), then 200; stats posts succeed, so
 * the agent's counters come back. The shop answers every request as usual, no application thread is ever in
 * the exporter's code (a thread dump taken while an attempt hangs), retries and splits happen and are counted,
 * and the agent does not loop on a batch.
 */
class CollectorMisbehaviourIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpServer fake;
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicInteger silentAttempts = new AtomicInteger();
    private final Map<String, Long> agentCounters = new ConcurrentHashMap<>();

    static List<Path> javas() {
        return JavaRuntimes.available();
    }

    @AfterEach
    void stopFake() {
        release.countDown();
        if (fake != null) {
            fake.stop(0);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("javas")
    void appUnaffectedRetriesBoundedAndCounted(Path java) throws Exception {
        startFake();
        String threadDump;
        try (ForkedJvm shop = ForkedJvm.start(java, Builds.agentJar(),
                "collector=http://127.0.0.1:" + fake.getAddress().getPort()
                        + ",service.name=shop,export.timeout.ms=1000,stats.interval.ms=500,sample.rate=1",
                List.of(), Builds.examplesJar(), "dev.hotpath.examples.shop.ShopService", "--port", "0")) {
            ShopClient client = new ShopClient(shop.awaitPort(90));
            List<String> paths = new ArrayList<>();
            for (int i = 1; i <= 40; i++) {
                paths.add("/customers/" + i + "/orders");
                paths.add("/products/" + i);
            }
            for (int round = 0; round < 3; round++) {
                for (int status : client.getAll(paths, 4)) {
                    assertEquals(200, status, shop.output());
                }
                assertEquals(client.get("/customers/7/orders-fixed").body(), client.get("/customers/7/orders").body());
            }
            awaitAtLeast(silentAttempts, 1, 60); // an attempt is hanging right now, or has just timed out
            threadDump = threadDump(java, shop.pid());
            shop.stop(30);
        }

        for (String thread : threadDump.split("\n\n")) {
            String name = thread.lines().findFirst().orElse("");
            if (thread.contains("dev.hotpath.agent.export") && name.startsWith("\"")) {
                assertTrue(name.startsWith("\"hotpath-"), "only the agent's own thread runs export code:\n" + thread);
            }
        }
        assertTrue(threadDump.contains("\"hotpath-exporter\""), threadDump);
        assertTrue(agentCounters.getOrDefault("export.retries", 0L) >= 1, "503 and silence are retried: " + agentCounters);
        assertTrue(agentCounters.getOrDefault("export.batches.split", 0L) >= 1, "a 413 splits the batch: " + agentCounters);
        assertTrue(agentCounters.getOrDefault("spans.exported", 0L) >= 1, "the 200s deliver: " + agentCounters);
        long kept = agentCounters.getOrDefault("traces.kept", 0L);
        assertTrue(kept >= 240, "every request kept (sample.rate=1): " + agentCounters);
        // never a loop: at most three attempts per batch plus two halves per split, and batches are 512 spans or a trace
        assertTrue(attempts.get() <= 3 * kept + 2 * agentCounters.getOrDefault("export.batches.split", 0L),
                "attempts " + attempts.get() + " for " + kept + " kept traces");
    }

    private void startFake() throws IOException {
        fake = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        fake.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-collector");
            t.setDaemon(true);
            return t;
        }));
        fake.createContext("/v1/traces", exchange -> {
            exchange.getRequestBody().readAllBytes();
            switch (attempts.getAndIncrement() % 4) {
                case 0 -> {
                    exchange.getResponseHeaders().add("Retry-After", "1");
                    respond(exchange, 503, "");
                }
                case 1 -> respond(exchange, 413, "too large");
                case 2 -> {
                    silentAttempts.incrementAndGet();
                    try {
                        release.await(5, TimeUnit.SECONDS); // far beyond the agent's 1 s timeout
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    exchange.close();
                }
                default -> respond(exchange, 200, "");
            }
        });
        fake.createContext("/v1/hotpath/stats", exchange -> {
            JsonNode stats = JSON.readTree(exchange.getRequestBody());
            stats.path("counters").fields().forEachRemaining(e -> agentCounters.merge(e.getKey(), e.getValue().asLong(), Long::sum));
            respond(exchange, 200, "{}");
        });
        fake.start();
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes();
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    private static void awaitAtLeast(AtomicInteger n, int value, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (n.get() < value && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(n.get() >= value, "the agent never reached the silent answer");
    }

    private static String threadDump(Path java, long pid) throws Exception {
        Path jcmd = java.getParent().resolve("jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "Thread.print").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, out);
        return out;
    }
}
