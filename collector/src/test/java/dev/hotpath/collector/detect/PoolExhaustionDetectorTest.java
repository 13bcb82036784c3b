package dev.hotpath.collector.detect;

import static dev.hotpath.collector.testing.TraceBuilder.EPOCH_NANOS;
import static dev.hotpath.collector.testing.TraceBuilder.MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hotpath.collector.CollectorConfig;
import dev.hotpath.collector.findings.ConfidenceLevel;
import dev.hotpath.collector.findings.Finding;
import dev.hotpath.collector.findings.FindingsWriter;
import dev.hotpath.collector.stats.AgentStatsReport;
import dev.hotpath.collector.stats.CollectorCounters;
import dev.hotpath.collector.stats.PoolSummary;
import dev.hotpath.collector.stats.RunStats;
import dev.hotpath.collector.testing.FindingsSchema;
import dev.hotpath.collector.testing.TraceBuilder;
import dev.hotpath.collector.trace.Trace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pool exhaustion from the agents' per-interval stats (pool samples, per-route waits) and kept
 * traces, through the detector registry, the writer and the schema, as the collector runs it.
 */
class PoolExhaustionDetectorTest {
    private static final long START_MS = EPOCH_NANOS / 1_000_000;
    private static final String BAD = "/reports/{id}";
    private static final String CONTROL = "/reports-fixed/{id}";

    @TempDir
    Path dir;

    private final RunStats stats = new RunStats(1000, new CollectorCounters());
    private final List<Trace> traces = new ArrayList<>();

    /**
     * A concurrency sweep in 8 one-second intervals: step s has 10 x (s + 1) requests in flight-ish.
     * The bad endpoint's pool (max 4) saturates from step 4 on and its waits grow with the load; the
     * control endpoint's pool (max 4) never reaches its maximum and its waits stay tiny.
     */
    private void sweep(String badKind, String badPool, long rejectedPerSaturatedStep) {
        for (int s = 0; s < 8; s++) {
            boolean saturated = s >= 4;
            long count = 20 + 10L * s;
            double waitMs = saturated ? 20.0 * (s - 3) : 0.2;
            double requestMs = 12 + waitMs;
            long badTotal = (long) (count * requestMs * MS);
            long controlTotal = count * 12 * MS;
            var badRoute = new AgentStatsReport.RouteInterval("GET", BAD, count, 0, badTotal, null,
                    List.of(new AgentStatsReport.PoolWait(badKind, badPool, count, (long) (count * waitMs * MS), 0)));
            var controlRoute = new AgentStatsReport.RouteInterval("GET", CONTROL, count, 0, controlTotal, null,
                    List.of(new AgentStatsReport.PoolWait("connection", "report-pool-fixed", count, count * 100_000L, 0)));
            var badSamples = new AgentStatsReport.PoolInterval(badKind, badPool, badKind.equals("thread") ? 2 : -1, 4, 4,
                    saturated ? 4 : 1, saturated ? 4.0 : 2.0, 4, saturated ? 3.0 + s : 0, saturated ? 6 + s : 0, 0,
                    badKind.equals("thread") ? count : -1, saturated ? rejectedPerSaturatedStep : 0, -1);
            var controlSamples = new AgentStatsReport.PoolInterval("connection", "report-pool-fixed", -1, 4, 4, 0, 1.0, 2,
                    0, 0, 3, -1, -1, -1);
            long from = START_MS + s * 1000L;
            stats.addAgentReport(new AgentStatsReport("shop", "i1", from, from + 1000, List.of(badRoute, controlRoute),
                    List.of(), List.of(badSamples, controlSamples), Map.of()));
            // kept traces: a few per step, with the step's wait
            for (int k = 0; k < 3; k++) {
                long at = EPOCH_NANOS + (s * 1000L + k * 100) * MS;
                traces.add(TraceBuilder.request("shop", at).endpoint("GET", BAD).acquire(badPool, waitMs + k).work(10).trace());
                traces.add(TraceBuilder.request("shop", at).endpoint("GET", CONTROL).acquire("report-pool-fixed", 0.1).work(10).trace());
            }
        }
    }

    private List<Finding> detect() throws Exception {
        List<Detector> detectors = Detectors.create(CollectorConfig.builder(dir).build());
        for (Trace t : traces) {
            stats.addTrace(t);
            detectors.forEach(d -> d.onTrace(t));
        }
        List<Finding> findings = new ArrayList<>();
        for (Detector d : detectors) {
            findings.addAll(d.findings(new DetectionContext(stats, stats.window(0))));
        }
        new FindingsWriter(dir).write(findings);
        assertEquals(findings.size(), FindingsSchema.validate(dir.resolve(FindingsWriter.FILE_NAME)).size());
        return findings;
    }

    @Test
    void saturatedConnectionPoolIsFoundOnItsEndpointWithSizeHoldTimeAndConcurrencySignature() throws Exception {
        sweep("connection", "report-pool", 0);

        List<Finding> findings = detect();

        assertEquals(1, findings.size(), "one finding: the control's pool never saturates");
        Finding f = findings.get(0);
        assertEquals("pool_exhaustion", f.kind());
        assertEquals(new Finding.EndpointRef("GET", BAD, "access"), f.endpoint());
        PoolExhaustionEvidence e = (PoolExhaustionEvidence) f.evidence();
        assertEquals("report-pool", e.pool().name());
        assertEquals("connection", e.pool().kind());
        assertEquals(4, e.pool().maxSize());
        assertEquals(0.625, e.pool().shareOfSamplesAtMax(), 1e-9); // 4 of 8 intervals at max in all 4 samples, others 1 of 4
        // busiest interval: 90 acquires/s x 54.545 ms held = 4.909 connections at once; at 70%: 8
        assertEquals(4.909, e.pool().peakDemand(), 1e-9);
        assertEquals(8, e.pool().suggestedMaxSize());
        // Little's law: held = (4 x 2.0 + 4 x 4.0) connection-seconds over sum(20 + 10 s) = 440 acquires
        assertEquals(54.545, e.pool().holdTimeMs(), 1e-9); // 24 / 440 s, rounded to 3 decimals
        assertEquals(4, e.waiting().saturatedIntervals());
        assertEquals(List.of(BAD), e.endpoints().stream().map(PoolSummary.EndpointWait::route).toList());
        assertTrue(e.concurrency().spearmanLatency() > 0.9, "latency rises with concurrency: " + e.concurrency());
        assertTrue(e.concurrency().spearmanWaitShare() > 0.9, "wait share rises with concurrency: " + e.concurrency());
        assertEquals(8, e.concurrency().steps().size());
        assertTrue(e.concurrency().steps().get(7).waitShare() > e.concurrency().steps().get(0).waitShare());
        assertEquals(ConfidenceLevel.HIGH, f.confidence().level());

        // summary.json lists every pool, found or not: the control's pool never at max, tiny waits
        List<PoolSummary> pools = PoolSummary.of(stats.routeWindows(), stats.poolWindows());
        assertEquals(List.of("report-pool", "report-pool-fixed"), pools.stream().map(p -> p.pool().name()).toList());
        PoolSummary control = pools.get(1);
        assertEquals(0.0, control.pool().shareOfSamplesAtMax());
        assertEquals(List.of(CONTROL), control.endpoints().stream().map(PoolSummary.EndpointWait::route).toList());
        assertEquals(440 * 0.1, control.endpoints().get(0).waitMs(), 1e-9); // 0.1 ms per request
        assertEquals(e.pool(), pools.get(0).pool(), "the finding's pool figures are the summary's");
        Set<String> badTraceIds = traces.stream().filter(t -> t.endpoint().route().equals(BAD)).map(Trace::traceId)
                .collect(Collectors.toSet());
        assertTrue(badTraceIds.containsAll(f.exemplarTraceIds()), "exemplars are traces that waited: " + f.exemplarTraceIds());
        assertTrue(f.title().contains("'report-pool' (max 4 connections)"), f.title());
        assertNotNull(f.fix().medium().action());
        assertTrue(f.fix().medium().action().contains("about 8 connections"), f.fix().medium().action());
    }

    @Test
    void anIntervalWithoutASampleOfASampledPoolIsNotSaturation() throws Exception {
        sweep("connection", "report-pool", 0);
        // one more interval: the control's requests wait 60% of their time (a CPU-starved moment), but the
        // control's pool has no sample in it; every sample it has says it never reached its maximum
        long from = START_MS + 8 * 1000L;
        var controlRoute = new AgentStatsReport.RouteInterval("GET", CONTROL, 20, 0, 20 * 25 * MS, null,
                List.of(new AgentStatsReport.PoolWait("connection", "report-pool-fixed", 20, 20 * 15 * MS, 0)));
        stats.addAgentReport(new AgentStatsReport("shop", "i1", from, from + 1000, List.of(controlRoute), List.of(), List.of(), Map.of()));
        traces.add(TraceBuilder.request("shop", EPOCH_NANOS + 8000 * MS).endpoint("GET", CONTROL).acquire("report-pool-fixed", 15).work(10).trace());

        assertEquals(List.of(BAD), detect().stream().map(f -> f.endpoint().route()).toList());
    }

    @Test
    void threadPoolWithRejectionsIsFoundAndNamed() throws Exception {
        sweep("thread", "quote-worker", 3);
        // the kept traces of the bad endpoint carry task spans instead of acquire spans
        traces.removeIf(t -> t.endpoint().route().equals(BAD));
        for (int i = 0; i < 12; i++) {
            traces.add(TraceBuilder.request("shop", EPOCH_NANOS + i * 300 * MS).endpoint("GET", BAD)
                    .task("quote-worker", 40 + i, 5).work(2).trace());
        }

        List<Finding> findings = detect();

        assertEquals(1, findings.size());
        PoolExhaustionEvidence e = (PoolExhaustionEvidence) findings.get(0).evidence();
        assertEquals("thread", e.pool().kind());
        assertEquals("quote-worker", e.pool().name());
        assertEquals(2, e.pool().coreSize());
        assertEquals(12, e.pool().rejections()); // 3 in each of the 4 saturated intervals
        assertTrue(findings.get(0).title().startsWith("Pool exhaustion: thread pool 'quote-worker'"), findings.get(0).title());
    }

    @Test
    void busyButNeverSaturatedPoolIsNoFinding() throws Exception {
        for (int s = 0; s < 6; s++) {
            long from = START_MS + s * 1000L;
            var route = new AgentStatsReport.RouteInterval("GET", BAD, 50, 0, 50 * 10 * MS, null,
                    List.of(new AgentStatsReport.PoolWait("connection", "report-pool", 50, 50 * 3 * MS, 0)));
            var pool = new AgentStatsReport.PoolInterval("connection", "report-pool", -1, 10, 4, 1, 6.0, 10, 0.5, 2, 2, -1, -1, -1);
            stats.addAgentReport(new AgentStatsReport("shop", "i1", from, from + 1000, List.of(route), List.of(), List.of(pool), Map.of()));
            traces.add(TraceBuilder.request("shop", EPOCH_NANOS + s * 1000 * MS).endpoint("GET", BAD).acquire("report-pool", 3).work(7).trace());
        }
        assertEquals(List.of(), detect(), "30% waits but the pool reached its max in only 1 of 4 samples");
    }
}
