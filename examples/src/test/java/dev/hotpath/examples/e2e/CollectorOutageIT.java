package dev.hotpath.examples.e2e;

import dev.hotpath.collector.Collector;
import dev.hotpath.collector.CollectorConfig;
import dev.hotpath.examples.load.EndpointResult;
import dev.hotpath.examples.load.LoadDriver;
import dev.hotpath.examples.load.LoadPlan;
import dev.hotpath.examples.load.LoadResult;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The collector gone for 30 s under steady load (issue 7, item 1). The shop with the agent (every trace kept) is
 * driven at a fixed arrival rate; the collector is closed, then a new one starts on the same port and run
 * directory. The app answers every request, the agent's retained heap and its threads do not grow, every span
 * the agent kept is either received by a collector or counted as dropped (exactly), and export resumes by itself:
 * traces of requests made after the restart arrive without anyone touching the app. The app's p99 during the
 * outage against the baseline is printed (a generous bound is asserted: timing is not the point here).
 * The long version: {@code examples/soak/collector-outage.sh}.
 */
class CollectorOutageIT {
    private static final double RATE = 25;
    private static final Duration OUTAGE = Duration.ofSeconds(30);
    private static final long MAX_HEAP_GROWTH = 20L << 20;

    @TempDir
    Path tmp;

    static List<Path> javas() {
        return JavaRuntimes.available();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("javas")
    void collectorGoneFor30sUnderLoad(Path java) throws Exception {
        Path out = tmp.resolve("run-" + java.getParent().getParent().getFileName());
        Collector first = Collector.start(config(out, 0));
        int port = first.port();
        Collector second = null;
        try (ForkedJvm shop = ForkedJvm.start(java, Builds.agentJar(), "collector=http://127.0.0.1:" + port
                        + ",service.name=shop,sample.rate=1,stats.interval.ms=1000", List.of(), Builds.examplesJar(),
                "dev.hotpath.examples.shop.ShopService", "--port", "0")) {
            URI target = URI.create("http://127.0.0.1:" + shop.awaitPort(90));
            LoadDriver.run(plan(target, Duration.ofSeconds(5))); // JIT, agent threads started: not measured, not judged
            LoadResult baseline = requireClean(LoadDriver.run(plan(target, Duration.ofSeconds(10))), "baseline", shop);
            JvmProbe before = JvmProbe.of(java, shop.pid(), "hotpath-");

            first.close(); // the collector is gone: connections refused on its port
            LoadResult outage = requireClean(LoadDriver.run(plan(target, OUTAGE)), "outage", shop);
            JvmProbe during = JvmProbe.of(java, shop.pid(), "hotpath-"); // the export queue is at its fullest now

            long restartedAtNanos = System.currentTimeMillis() * 1_000_000L;
            second = Collector.start(config(out, port));
            // export resumes by itself (after the agent's backoff, at most 30 s): keep the load on until a trace of a
            // request made after the restart is on disk
            boolean resumed = false;
            for (int i = 0; i < 12 && !resumed; i++) {
                requireClean(LoadDriver.run(plan(target, Duration.ofSeconds(5))), "after restart", shop);
                resumed = TraceQueries.traceLines(out).stream()
                        .anyMatch(t -> t.path("startEpochNanos").asLong() > restartedAtNanos);
            }
            JvmProbe after = JvmProbe.of(java, shop.pid(), "hotpath-");
            shop.stop(30); // SIGTERM: its shutdown delivers what is queued and the last counters

            long sentSpans = agent(first, second, "spans.kept");
            long exported = agent(first, second, "spans.exported");
            long dropped = agent(first, second, "spans.dropped.queue_full") + agent(first, second, "spans.dropped.export_failed")
                    + agent(first, second, "spans.dropped.too_large") + agent(first, second, "spans.dropped.rejected");
            long received = first.counters().get("received.spans") + second.counters().get("received.spans");
            double ratio = outage.total().p99Ms() / baseline.total().p99Ms();
            System.out.printf(Locale.ROOT, "CollectorOutageIT %s: p99 baseline %.1f ms, outage %.1f ms (ratio %.2f); "
                            + "heap after GC %+.1f MB during the outage, %+.1f MB after; hotpath threads %d/%d/%d; "
                            + "spans sent %d = received %d + dropped %d (queue_full %d, export_failed %d); app errors 0%n",
                    java, baseline.total().p99Ms(), outage.total().p99Ms(), ratio,
                    (during.heapUsedAfterGcBytes() - before.heapUsedAfterGcBytes()) / 1048576.0,
                    (after.heapUsedAfterGcBytes() - before.heapUsedAfterGcBytes()) / 1048576.0,
                    before.threadsWithPrefix(), during.threadsWithPrefix(), after.threadsWithPrefix(),
                    sentSpans, received, dropped, agent(first, second, "spans.dropped.queue_full"),
                    agent(first, second, "spans.dropped.export_failed"));

            assertTrue(resumed, "no trace of a request made after the restart arrived within 60 s");
            assertTrue(dropped > 0, "a 30 s outage at " + RATE + " req/s with every trace kept must drop spans");
            assertEquals(sentSpans, exported + dropped, "every span kept is exported or counted as dropped");
            assertEquals(exported, received, "every span the agent counts as exported was received");
            assertTrue(before.threadsWithPrefix() >= 1, "the agent's threads run");
            assertEquals(before.threadsWithPrefix(), during.threadsWithPrefix(), "no thread started for a dead collector");
            assertEquals(before.threadsWithPrefix(), after.threadsWithPrefix(), "no thread left behind by the outage");
            assertTrue(during.heapUsedAfterGcBytes() - before.heapUsedAfterGcBytes() < MAX_HEAP_GROWTH,
                    "retained heap grew " + (during.heapUsedAfterGcBytes() - before.heapUsedAfterGcBytes()) + " bytes");
            // generous: the bound that matters (5%) is measured by the soak script on a quiet machine
            assertTrue(outage.total().p99Ms() <= Math.max(5 * baseline.total().p99Ms(), baseline.total().p99Ms() + 250),
                    "p99 " + outage.total().p99Ms() + " ms during the outage vs " + baseline.total().p99Ms() + " ms");
            List<String> appErrors = shop.output().lines()
                    .filter(l -> !l.startsWith("[hotpath]") && (l.contains("Exception") || l.contains("Error"))).toList();
            assertTrue(appErrors.isEmpty(), "the app logged errors: " + appErrors);
        } finally {
            first.close();
            if (second != null) {
                second.close();
            }
        }
    }

    private static long agent(Collector first, Collector second, String counter) {
        return first.counters().getAgent(counter) + second.counters().getAgent(counter);
    }

    private static CollectorConfig config(Path out, int port) {
        return CollectorConfig.builder(out).listen("127.0.0.1", port).build();
    }

    private static LoadPlan plan(URI target, Duration steady) {
        return LoadPlan.of(target, RATE, Duration.ZERO, steady, Duration.ZERO);
    }

    /** Every request answered as expected: the outage must not reach the application. */
    private static LoadResult requireClean(LoadResult r, String phase, ForkedJvm shop) {
        EndpointResult t = r.total();
        assertTrue(t.errors() == 0 && t.dropped() == 0 && t.ok() == t.scheduled(),
                phase + ": " + t.errors() + " errors " + t.errorKinds() + ", " + t.dropped() + " not sent\n" + shop.output());
        return r;
    }
}
