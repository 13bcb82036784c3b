package dev.hotpath.agent.export;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.hotpath.agent.aggregate.Aggregates;
import dev.hotpath.agent.config.AgentConfig;
import dev.hotpath.agent.config.ConfigResolver;
import dev.hotpath.agent.pools.PoolSampler;
import dev.hotpath.agent.trace.TestTraces;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The exporter against a loopback fake collector that answers each {@code /v1/traces} attempt as scripted:
 * retries only retryable answers and at most {@link TraceExporter#MAX_ATTEMPTS} times, a 413 splits once,
 * a final answer drops at once, a silent collector costs one timeout per attempt; every span ends up
 * exported or in exactly one drop counter.
 */
class ExportRetryTest {
    private static final int TRACES = 40;

    private HttpServer server;
    private final List<Attempt> attempts = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private TraceExporter exporter;
    private final AgentCounters counters = new AgentCounters();

    record Attempt(int bytes, int status) {
    }

    @AfterEach
    void stop() {
        release.countDown();
        if (exporter != null) {
            exporter.shutdown(100);
        }
        server.stop(0);
    }

    @Test
    void retriesA503WithRetryAfterThenDelivers() throws Exception {
        start(n -> n < 2 ? 503 : 200, "0");
        awaitAccounted();
        assertEquals(List.of(503, 503, 200), statuses());
        assertEquals(TRACES, counters.get(AgentCounters.SPANS_EXPORTED));
        assertEquals(2, counters.get(AgentCounters.EXPORT_RETRIES));
    }

    @Test
    void givesUpAfterMaxAttemptsAndCountsTheDrop() throws Exception {
        start(n -> 429, null);
        awaitAccounted();
        assertEquals(List.of(429, 429, 429), statuses(), "three attempts, then the batch is dropped");
        assertEquals(TRACES, counters.get(AgentCounters.SPANS_DROPPED_EXPORT_FAILED));
        assertEquals(0, counters.get(AgentCounters.SPANS_EXPORTED));
    }

    @Test
    void neverRetriesAFinalAnswer() throws Exception {
        start(n -> 400, null);
        awaitAccounted();
        assertEquals(List.of(400), statuses());
        assertEquals(TRACES, counters.get(AgentCounters.SPANS_DROPPED_REJECTED));
        assertEquals(0, counters.get(AgentCounters.EXPORT_RETRIES));
    }

    @Test
    void a413SplitsTheBatchOnceIntoHalvesThatAreDelivered() throws Exception {
        start(n -> n == 0 ? 413 : 200, null);
        awaitAccounted();
        assertEquals(List.of(413, 200, 200), statuses());
        assertTrue(attempts.get(1).bytes() < attempts.get(0).bytes() && attempts.get(2).bytes() < attempts.get(0).bytes(),
                "each half is smaller: " + attempts);
        assertEquals(TRACES, counters.get(AgentCounters.SPANS_EXPORTED));
        assertEquals(1, counters.get(AgentCounters.EXPORT_BATCHES_SPLIT));
    }

    @Test
    void a413ForeverDropsTheHalvesAndNeverLoops() throws Exception {
        start(n -> 413, null);
        awaitAccounted();
        assertEquals(List.of(413, 413, 413), statuses(), "the batch and its two halves, nothing more");
        assertEquals(TRACES, counters.get(AgentCounters.SPANS_DROPPED_TOO_LARGE));
        assertEquals(1, counters.get(AgentCounters.EXPORT_BATCHES_SPLIT));
    }

    @Test
    void aCollectorThatNeverAnswersCostsOneTimeoutPerAttempt() throws Exception {
        start(n -> -1, null); // the handler holds the exchange until the test ends
        awaitAccounted();
        assertEquals(TraceExporter.MAX_ATTEMPTS, attempts.size(), "each attempt ended by its timeout, then retried: " + attempts);
        assertEquals(TRACES, counters.get(AgentCounters.SPANS_DROPPED_EXPORT_FAILED));
    }

    private void start(IntFunction<Integer> script, String retryAfter) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-collector");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/v1/traces", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int status = script.apply(attempts.size());
            attempts.add(new Attempt(body.length, status));
            if (status < 0) {
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
                exchange.close();
                return;
            }
            if (retryAfter != null) {
                exchange.getResponseHeaders().add("Retry-After", retryAfter);
            }
            respond(exchange, status);
        });
        server.createContext("/v1/hotpath/stats", exchange -> respond(exchange, 200));
        server.start();

        // a long stats interval: the counters stay here instead of going out with a stats post
        String args = "collector=http://127.0.0.1:" + server.getAddress().getPort() + ",service.name=shop,"
                + "sample.rate=1,export.timeout.ms=300,stats.interval.ms=600000";
        AgentConfig config = new ConfigResolver(args, k -> null, k -> null).resolve();
        PoolSampler pools = new PoolSampler(config.poolSampleMillis(), counters);
        exporter = new TraceExporter(config, new Aggregates(10, 10, counters), counters, "test", pools);
        for (int i = 0; i < TRACES; i++) { // all queued before the exporter starts: one batch
            exporter.offer(TestTraces.finished("GET", "/items/" + i, 200), "sampled");
        }
        exporter.ensureStarted();
    }

    private static void respond(HttpExchange exchange, int status) throws IOException {
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    /** Every span exported or dropped: a bound on waiting, not a timing assertion. */
    private void awaitAccounted() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (accounted() < TRACES && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(300); // a retry or a loop that should not happen would show up here
        assertEquals(TRACES, accounted(), () -> "every span exported or dropped exactly once: " + attempts);
    }

    private long accounted() {
        return counters.get(AgentCounters.SPANS_EXPORTED) + counters.get(AgentCounters.SPANS_DROPPED_EXPORT_FAILED)
                + counters.get(AgentCounters.SPANS_DROPPED_REJECTED) + counters.get(AgentCounters.SPANS_DROPPED_TOO_LARGE);
    }

    private List<Integer> statuses() {
        return attempts.stream().map(Attempt::status).toList();
    }
}
