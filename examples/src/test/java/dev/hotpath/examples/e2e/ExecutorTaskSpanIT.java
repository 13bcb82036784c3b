package dev.hotpath.examples.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hotpath.collector.Collector;
import dev.hotpath.collector.CollectorConfig;
import dev.hotpath.examples.e2e.apps.ExecutorsApp;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static dev.hotpath.examples.e2e.TraceQueries.awaitTrace;
import static dev.hotpath.examples.e2e.TraceQueries.only;
import static dev.hotpath.examples.e2e.TraceQueries.spans;
import static dev.hotpath.examples.e2e.TraceQueries.traceLines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A request that hands three 50 ms tasks to a one-thread pool ("quote-worker-1"): the trace that
 * reaches the collector holds three executor.task spans under the request's root span, named after
 * the pool, with the queue wait the single worker forces on the second and third task, and the
 * outbound call each task made, in the same trace, inside its task's time range.
 */
class ExecutorTaskSpanIT {
    private static final long MS = 1_000_000L;

    static Stream<Path> runtimes() {
        return JavaRuntimes.available().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runtimes")
    void taskSpansWithQueueWaitReachTheCollector(Path java, @TempDir Path out) throws Exception {
        String traceId = NPlusOneEndToEndIT.randomHex(32);
        CollectorConfig config = CollectorConfig.builder(out).listen("127.0.0.1", 0)
                .traceQuietPeriod(Duration.ofMillis(300)).flushInterval(Duration.ofMillis(500)).build();
        try (TraceReceiver receiver = TraceReceiver.start();
             Collector collector = Collector.start(config);
             ForkedJvm app = ForkedJvm.start(java, Builds.agentJar(),
                     "collector=http://127.0.0.1:" + collector.port() + ",sample.rate=0,stats.interval.ms=500,service.name=quotes",
                     List.of(), ForkedJvm.testClassPath(), ExecutorsApp.class.getName(), Integer.toString(receiver.port()))) {
            ShopClient client = new ShopClient(app.awaitPort(60));
            // sampled by the caller: the agent keeps this trace whatever its base rate
            var response = client.get("/queue", "traceparent", "00-" + traceId + "-" + NPlusOneEndToEndIT.randomHex(16) + "-01");
            assertEquals(200, response.statusCode(), response.body() + app.output());
            awaitTrace(out, traceId, 20_000);
            assertEquals(0, receiver.mismatches("queue"), receiver.examples().toString());
        }
        JsonNode trace = traceLines(out).stream().filter(t -> traceId.equals(t.path("traceId").asText())).findFirst().orElseThrow();
        JsonNode root = only(spans(trace, "server", "quotes"));
        List<JsonNode> tasks = spans(trace, "executor.task", "quotes");
        assertEquals(3, tasks.size(), trace.toString());
        tasks.sort(Comparator.comparingLong(t -> t.at("/attributes/hotpath.executor.queue.wait_ns").asLong()));
        for (JsonNode task : tasks) {
            assertEquals("INTERNAL", task.path("kind").asText());
            assertEquals(root.path("spanId").asText(), task.path("parentSpanId").asText(), "parent: the request's root span");
            assertEquals("quote-worker", task.at("/attributes/hotpath.executor.pool.name").asText(), task.toString());
            assertTrue(task.at("/attributes/hotpath.executor.run_ns").asLong() >= 50 * MS, "each task sleeps 50 ms: " + task);
        }
        // one worker: the second task cannot start before the first has slept, the third before both have
        assertTrue(tasks.get(1).at("/attributes/hotpath.executor.queue.wait_ns").asLong() >= 50 * MS, tasks.toString());
        assertTrue(tasks.get(2).at("/attributes/hotpath.executor.queue.wait_ns").asLong() >= 100 * MS, tasks.toString());

        List<JsonNode> calls = spans(trace, "http.client", "quotes");
        assertEquals(3, calls.size(), "each task's outbound call is in the request's trace: " + trace);
        for (JsonNode call : calls) {
            assertEquals(root.path("spanId").asText(), call.path("parentSpanId").asText());
            long start = call.path("startEpochNanos").asLong();
            assertTrue(tasks.stream().anyMatch(t -> t.path("startEpochNanos").asLong() <= start
                    && start <= t.path("endEpochNanos").asLong()), "made inside one of the task spans: " + call);
        }
    }
}
