package dev.hotpath.examples.e2e;

import dev.hotpath.collector.Collector;
import dev.hotpath.collector.CollectorConfig;
import dev.hotpath.examples.e2e.apps.ExecutorsApp;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent in an application that hands 100,000 tasks to executors of every kind, from four
 * concurrent requests at a time (JDK 17 and 25): a ThreadPoolExecutor subclass casting its tasks in
 * beforeExecute/afterExecute, CallerRunsPolicy, a custom handler that blocks the submitter,
 * invokeAll, ForkJoinPool recursion, CompletableFuture async chains, a ScheduledThreadPoolExecutor
 * and, on JDK 21+, virtual threads. Every task makes one outbound call; the traceparent the agent
 * injects must carry the trace of the request that submitted the task, in every single call. No
 * exception in the application, and the heap retained after full GCs does not grow with the tasks.
 */
class ExecutorSafetyIT {
    static final int TASKS_PER_REQUEST = 50;
    /** 100,000; a smaller number with -Dhotpath.it.executor.tasks=N while working on the agent. */
    static final int TOTAL_TASKS = Integer.getInteger("hotpath.it.executor.tasks", 100_000);
    static final long MAX_RETAINED_GROWTH = 5L * 1024 * 1024;
    /**
     * The agent drops its matchers' type descriptions once no class was matched for this long (30 s by default):
     * both heap readings are taken after that, so they compare what the tasks left, not what class loading cached.
     */
    static final int TYPE_CACHE_IDLE_SECONDS = 2;
    static final List<String> KINDS = List.of("casting", "callerruns", "custom", "invokeall", "forkjoin", "completable", "scheduled");

    static Stream<Path> runtimes() {
        return JavaRuntimes.available().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runtimes")
    void everyTaskRunsInItsRequestsContext(Path java, @TempDir Path out) throws Exception {
        try (TraceReceiver receiver = TraceReceiver.start();
             Collector collector = Collector.start(CollectorConfig.builder(out).listen("127.0.0.1", 0).build());
             ForkedJvm app = ForkedJvm.start(java, Builds.agentJar(),
                     "collector=http://127.0.0.1:" + collector.port() + ",sample.rate=0,stats.interval.ms=1000,typecache.idle="
                             + TYPE_CACHE_IDLE_SECONDS + "s",
                     List.of("-Dsun.net.httpserver.nodelay=true"), ForkedJvm.testClassPath(), ExecutorsApp.class.getName(), Integer.toString(receiver.port()))) {
            ShopClient client = new ShopClient(app.awaitPort(60));
            List<String> kinds = new ArrayList<>(KINDS);
            if (client.get("/tasks?kind=virtual&n=1", "traceparent", traceparent()).statusCode() == 200) {
                kinds.add("virtual");
            }
            // warm-up: every pool has its threads, every class is loaded and transformed
            run(client, kinds, 2);
            long heapBefore = retainedHeapOnceClassLoadingIsQuiet(client);
            int requestsPerKind = (TOTAL_TASKS + kinds.size() * TASKS_PER_REQUEST - 1) / (kinds.size() * TASKS_PER_REQUEST);
            run(client, kinds, requestsPerKind);
            long heapAfter = retainedHeapOnceClassLoadingIsQuiet(client);

            long total = 0;
            for (String kind : kinds) {
                long expected = (long) (requestsPerKind + 2) * TASKS_PER_REQUEST + (kind.equals("virtual") ? 1 : 0);
                assertEquals(expected, receiver.calls(kind), kind + ": one call per task");
                assertEquals(0, receiver.mismatches(kind), kind + ": calls outside their request's trace: " + receiver.examples());
                total += receiver.calls(kind);
            }
            assertTrue(total >= TOTAL_TASKS, "tasks run: " + total);
            String stats = client.get("/stats").body();
            assertTrue(stats.contains("castFailures=0"), "the pool subclass always got its own task objects: " + stats);
            assertFalse(stats.contains("rejectedByCustomHandler=0 "), "the custom handler path ran: " + stats);
            String heap = "retained heap grew by " + (heapAfter - heapBefore) + " bytes over " + total + " tasks (before "
                    + heapBefore + ", after " + heapAfter + ")";
            System.out.println(java + ": " + heap);
            assertTrue(heapAfter - heapBefore < MAX_RETAINED_GROWTH, heap);
            app.stop(30); // the agent's shutdown flush delivers its last counters
            assertFalse(app.output().contains("Exception"), app.output());
            assertFalse(app.output().contains("not instrumenting"), app.output());
            assertEquals(0, collector.counters().getAgent("tasks.untracked"), "every task's context was remembered");
            assertEquals(0, collector.counters().getAgent("agent.errors"));
            assertTrue(collector.counters().getAgent("traces.completed") >= total / TASKS_PER_REQUEST,
                    "the agent reported its counters: " + collector.counters().agentSnapshot());
        }
    }

    /** Requests of every kind, interleaved, four at a time, each with a trace of its own. */
    /**
     * Heap after full GCs (the app's /heap), read after the agent's idle period and a stats tick, again and again
     * until it stops falling by more than 1 MB (class loading that came late, such as JFR's start, restarts the
     * idle period): a settled reading, with no type descriptions cached.
     */
    private static long retainedHeapOnceClassLoadingIsQuiet(ShopClient client) throws Exception {
        long last = Long.MAX_VALUE;
        for (int i = 0; i < 8; i++) {
            Thread.sleep((TYPE_CACHE_IDLE_SECONDS + 2) * 1000L);
            long heap = Long.parseLong(client.get("/heap").body());
            if (heap > last - (1 << 20)) {
                return heap;
            }
            last = heap;
        }
        return last;
    }

    private static void run(ShopClient client, List<String> kinds, int requestsPerKind) throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(4);
        try {
            List<Future<HttpResponse<String>>> responses = new ArrayList<>();
            for (int i = 0; i < requestsPerKind; i++) {
                for (String kind : kinds) {
                    String path = "/tasks?kind=" + kind + "&n=" + TASKS_PER_REQUEST;
                    responses.add(senders.submit(() -> client.get(path, "traceparent", traceparent())));
                }
            }
            for (Future<HttpResponse<String>> f : responses) {
                HttpResponse<String> r = f.get();
                assertEquals(200, r.statusCode(), r.uri() + ": " + r.body());
            }
        } finally {
            senders.shutdownNow();
        }
    }

    /** A new, unsampled trace: the agent keeps only the few slow ones, as in production. */
    static String traceparent() {
        return "00-" + NPlusOneEndToEndIT.randomHex(32) + "-" + NPlusOneEndToEndIT.randomHex(16) + "-00";
    }
}
