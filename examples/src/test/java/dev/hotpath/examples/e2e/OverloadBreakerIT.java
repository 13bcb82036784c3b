package dev.hotpath.examples.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.hotpath.collector.Collector;
import dev.hotpath.collector.CollectorConfig;
import dev.hotpath.collector.stats.CollectorCounters;
import dev.hotpath.examples.e2e.apps.BusyCpuApp;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The overload circuit breaker (issue 7, item 10) in a forked JVM on JDK 17 and 25: an app that keeps
 * every CPU it may use busy ({@code -XX:ActiveProcessorCount=1}, four spinning threads) until told to
 * stop. With {@code sample.rate=1} every request is kept, except while the agent sheds: the requests made
 * before the burn and after relief are exported as traces, none of those made while it sheds is (they
 * are still counted in the endpoint aggregates); each decision is one line and a counter at the collector;
 * every answer is the one the app computes without any agent.
 */
class OverloadBreakerIT {
    private static final int REQUESTS_PER_PHASE = 10;
    private static final String SHED_LINE = "[hotpath] overload: ";
    private static final String RESUME_LINE = "[hotpath] overload over";
    /**
     * Lower than the defaults (95% / 80%): on a machine shared with other builds (kernel autogroups) a spinning
     * process may get no more than a third of a core, however many threads spin; an idle one stays under 5%.
     */
    private static final double SHED_CPU = 0.2;
    private static final double RESUME_CPU = 0.1;
    private static final String THRESHOLDS = ",overload.cpu=" + SHED_CPU + ",overload.resume=" + RESUME_CPU + ",overload.samples=2";

    static List<Path> javas() {
        return JavaRuntimes.available();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("javas")
    void shedsTracesWhileCpuIsSaturatedAndResumesAfter(Path java, @TempDir Path out) throws Exception {
        String output;
        CollectorCounters counters;
        double shedAfterSeconds;
        double resumedAfterSeconds;
        try (Collector collector = Collector.start(CollectorConfig.builder(out).listen("127.0.0.1", 0).build())) {
            try (ForkedJvm app = startBusyApp(java, "collector=http://127.0.0.1:" + collector.port())) {
                ShopClient client = new ShopClient(app.awaitPort(60));
                phase(client, "before");
                Thread.sleep(3000); // the start-up's class loading and JIT are over: an idle app must not trip the breaker
                shedAfterSeconds = burnUntilShed(app, client);

                assertEquals("calm", client.get("/calm").body());
                long t1 = System.nanoTime();
                app.awaitOutput(RESUME_LINE, 45);
                resumedAfterSeconds = (System.nanoTime() - t1) / 1e9;
                phase(client, "after");
                app.stop(30); // the shutdown flush sends the last traces and counters
                output = app.output();
            }
            counters = collector.counters();
        }
        System.out.printf("%s: shed %.1f s after the burn started, resumed %.1f s after it stopped; counters %s%n", java,
                shedAfterSeconds, resumedAfterSeconds, counters.agentSnapshot());

        Map<String, Integer> keptByRoute = keptTracesByRoute(new RunDirectory(out));
        assertEquals(REQUESTS_PER_PHASE, keptByRoute.getOrDefault("/work/before", 0), "kept before the overload: " + keptByRoute);
        assertEquals(0, keptByRoute.getOrDefault("/work/during", 0), "none kept while shedding: " + keptByRoute);
        assertEquals(REQUESTS_PER_PHASE, keptByRoute.getOrDefault("/work/after", 0), "kept again after relief: " + keptByRoute);
        RunDirectory run = new RunDirectory(out);
        for (String phase : List.of("before", "during", "after")) {
            assertEquals(REQUESTS_PER_PHASE, run.endpoint("GET", "/work/" + phase).path("count").asInt(),
                    phase + ": the always-on aggregates count every request");
        }

        assertEquals(1, counters.getAgent("overload.shed"), output);
        assertEquals(1, counters.getAgent("overload.resumed"), output);
        assertTrue(counters.getAgent("traces.dropped.overload") >= REQUESTS_PER_PHASE, "the traces not kept are counted");
        assertTrue(counters.getAgent("overload.shed.ms") >= 10_000, "shed at least the 10 s of relief it waits for");
        assertEquals(0, counters.getAgent("agent.errors"), output);
        assertEquals(1, output.lines().filter(l -> l.contains(SHED_LINE)).count(), output);
        assertEquals(1, output.lines().filter(l -> l.contains(RESUME_LINE)).count(), output);
        assertEquals(List.of(), appExceptions(output), output);
    }

    /**
     * A collector that accepts every connection and never answers, with a 15 s export timeout: the exporter
     * thread spends 15 s in each trace export and each stats post. The breaker has its own thread, so it
     * still sheds within 10 s of the burn (it would take 15-45 s if it sampled on the exporter's thread).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("javas")
    void shedsWithinTenSecondsWhileTheCollectorHangs(Path java) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger held = new AtomicInteger();
        HttpServer hung = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        hung.createContext("/", exchange -> {
            held.incrementAndGet();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        hung.setExecutor(Executors.newCachedThreadPool());
        hung.start();
        String output;
        double shedAfterSeconds;
        try (ForkedJvm app = startBusyApp(java, "collector=http://127.0.0.1:" + hung.getAddress().getPort() + ",export.timeout.ms=15000")) {
            ShopClient client = new ShopClient(app.awaitPort(60));
            phase(client, "before");
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (held.get() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(held.get() > 0, "the exporter is waiting on the hung collector");
            shedAfterSeconds = burnUntilShed(app, client);
            assertEquals("calm", client.get("/calm").body());
            output = app.output();
        } finally {
            release.countDown();
            hung.stop(0);
        }
        System.out.printf("%s: with the collector hung, shed %.1f s after the burn started%n", java, shedAfterSeconds);
        assertTrue(shedAfterSeconds < 10, "shed " + shedAfterSeconds + " s after the burn began\n" + output);
        assertEquals(1, output.lines().filter(l -> l.contains(SHED_LINE)).count(), output);
        assertEquals(List.of(), appExceptions(output), output);
    }

    /** The busy app with every trace kept, stats every 500 ms and the test's thresholds; {@code args} adds the collector. */
    private static ForkedJvm startBusyApp(Path java, String args) throws Exception {
        return ForkedJvm.start(java, Builds.agentJar(), args + ",service.name=busy,stats.interval.ms=500,sample.rate=1" + THRESHOLDS,
                List.of("-XX:ActiveProcessorCount=1"), ForkedJvm.testClassPath(), BusyCpuApp.class.getName());
    }

    /** No shed so far; then the burn, the seconds until the agent says it sheds, and the requests made while it does. */
    private static double burnUntilShed(ForkedJvm app, ShopClient client) throws Exception {
        assertFalse(app.output().contains(SHED_LINE), "no overload before the burn\n" + app.output());
        assertEquals("burning", client.get("/burn").body());
        long t0 = System.nanoTime();
        app.awaitOutput(SHED_LINE, 60);
        double seconds = (System.nanoTime() - t0) / 1e9;
        phase(client, "during");
        return seconds;
    }

    /** Lines naming an exception, except the agent's own one-line reports (a stats post that failed on a loaded machine). */
    private static List<String> appExceptions(String output) {
        return output.lines().filter(l -> l.contains("Exception") && !l.startsWith("[hotpath] ")).toList();
    }

    /** Requests whose answers must be exactly what the app computes, agent or not. */
    private static void phase(ShopClient client, String phase) throws Exception {
        for (int i = 0; i < REQUESTS_PER_PHASE; i++) {
            String path = "/work/" + phase;
            HttpResponse<String> r = client.get(path);
            assertEquals(200, r.statusCode());
            assertEquals("ok " + BusyCpuApp.work(path), r.body());
        }
    }

    private static Map<String, Integer> keptTracesByRoute(RunDirectory run) throws Exception {
        Map<String, Integer> out = new TreeMap<>();
        for (JsonNode trace : run.traces().values()) {
            for (JsonNode span : trace.get("spans")) {
                if ("server".equals(span.at("/attributes/hotpath.span.type").asText())) {
                    out.merge(span.at("/attributes/http.route").asText(), 1, Integer::sum);
                }
            }
        }
        return out;
    }
}
