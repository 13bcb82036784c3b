package dev.hotpath.collector.detect;

import static dev.hotpath.collector.testing.TraceBuilder.EPOCH_NANOS;
import static dev.hotpath.collector.testing.TraceBuilder.MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hotpath.collector.CollectorConfig;
import dev.hotpath.collector.findings.Finding;
import dev.hotpath.collector.findings.FindingsWriter;
import dev.hotpath.collector.stats.CollectorCounters;
import dev.hotpath.collector.stats.RunStats;
import dev.hotpath.collector.testing.FindingsSchema;
import dev.hotpath.collector.testing.TraceBuilder;
import dev.hotpath.collector.trace.Trace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The N+1-over-HTTP and slow-dependency detectors, run together from the registry as the collector runs them. */
class HttpDependencyDetectorsTest {
    static final DependencyRoute ITEMS = new DependencyRoute("GET", "inventory:8081", "/items/{id}");
    static final DependencyRoute CHARGES = new DependencyRoute("POST", "payments:9090", "/charges");

    @TempDir
    Path dir;

    /** Every registered detector over the traces; every finding goes through the writer and the schema. */
    private List<Finding> detect(List<Trace> traces) throws Exception {
        List<Detector> detectors = Detectors.create(CollectorConfig.builder(dir).build());
        RunStats stats = new RunStats(1000, new CollectorCounters());
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

    private static List<Trace> requests(int from, int n, IntFunction<TraceBuilder> shape) {
        List<Trace> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(shape.apply(i).trace());
        }
        return out;
    }

    private static TraceBuilder at(int i) {
        return TraceBuilder.request("shop", EPOCH_NANOS + i * 200 * MS).endpoint("GET", "/orders/{id}");
    }

    @Test
    void sequentialCallsPerItemAreOneHttpNPlusOneAndNoSlowDependency() throws Exception {
        // 20 requests, 8 sequential 5 ms calls each; request i has i ms more work, so durations rank by i
        List<Trace> traces = requests(0, 20, i -> at(i).httpSequential(8, "GET", "inventory", 8081, "/items/{id}", 5).work(3 + i));

        List<Finding> findings = detect(traces);

        assertEquals(1, findings.size(), "the calls are an N+1: one bottleneck, one finding");
        Finding f = findings.get(0);
        assertEquals("n_plus_one_http", f.kind());
        assertEquals(new Finding.EndpointRef("GET", "/orders/{id}", "access"), f.endpoint());
        HttpNPlusOneEvidence ev = (HttpNPlusOneEvidence) f.evidence();
        assertEquals(ITEMS, ev.dependency());
        assertEquals(new NPlusOneEvidence.RepeatsPerRequest(8, 8), ev.repeatsPerRequest());
        assertEquals(40.0, ev.unionMs().p50(), 0.05); // 8 x 5 ms; the gaps between calls are not in the union
        assertEquals(20, f.impact().requestsAffected());
        assertEquals(1.0, f.impact().shareOfRequests());
        // exemplars: the requests nearest p95 (19th of 20) and p99 (20th)
        assertEquals(traces.get(18).traceId(), f.exemplarTraceIds().get(0));
        assertEquals(traces.get(19).traceId(), f.exemplarTraceIds().get(1));
        assertEquals("dev.example.InventoryClient.fetch", f.codePointers().get(0).function());
        assertTrue(f.fix().quick().action().contains("batch"), f.fix().quick().action());
    }

    @Test
    void foreignSdkCallsAreGroupedByTheirNormalisedUrl() throws Exception {
        List<Trace> traces = requests(0, 10, i -> at(i).foreign().httpSequential(6, "GET", "inventory", 8081, "/items/{id}", 2).work(50));
        List<Finding> findings = detect(traces);
        assertEquals(1, findings.size());
        assertEquals("n_plus_one_http", findings.get(0).kind());
        assertEquals(ITEMS, ((HttpNPlusOneEvidence) findings.get(0).evidence()).dependency());
    }

    @Test
    void threeCallsParallelCallsAndDistinctRoutesAreNotAnHttpNPlusOne() throws Exception {
        List<Trace> traces = new ArrayList<>();
        traces.addAll(requests(0, 10, i -> at(i).httpSequential(3, "GET", "inventory", 8081, "/items/{id}", 2).work(100)));
        traces.addAll(requests(10, 10, i -> at(10 + i).httpParallel(8, "GET", "inventory", 8081, "/items/{id}", 2).work(100)));
        traces.addAll(requests(20, 10, i -> {
            TraceBuilder b = at(20 + i);
            for (String template : List.of("/items/{id}", "/prices/{id}", "/stock/{id}", "/reviews/{id}", "/images/{id}")) {
                b.httpCall("GET", "inventory", 8081, template, 2, null);
            }
            return b.work(100);
        }));
        assertEquals(List.of(), detect(traces).stream().map(Finding::kind).toList());
    }

    @Test
    void fastCallThatIsMostOfAFastRequestIsNoSlowDependency() throws Exception {
        // 2 ms of a ~4 ms request: a large share, but below slowDependencyMinTime (20 ms)
        List<Trace> fast = requests(0, 30, i -> at(i).endpoint("GET", "/carts-fixed/{id}").httpCall("GET", "pricing", 8081, "/prices", 2, null).work(0.5));
        assertEquals(List.of(), detect(fast));
        // the same shape at 25 ms is one
        List<Trace> slow = requests(0, 30, i -> at(i).endpoint("GET", "/carts-fixed/{id}").httpCall("GET", "pricing", 8081, "/prices", 25, null).work(0.5));
        assertEquals(List.of("slow_dependency"), detect(slow).stream().map(Finding::kind).toList());
    }

    /**
     * The agent keeps every request slower than its route's p95 but only a base rate of the others, so kept traces
     * over-represent the requests a slow call dominated. Here 100 requests were served: 90 fast (the call takes 3 ms) and
     * 10 slow (the call takes 200 ms). All 10 slow ones are kept; of the fast ones, the 25 in the base rate are. Two slow ones
     * are in the base rate too. Over kept traces the call dominates 10 of 35 (29%), which looks like a slow dependency;
     * over the base-rate sample it dominates 2 of 27 (7%): below the 20% bar, no finding.
     */
    @Test
    void shareOfDominatedRequestsComesFromTheUnbiasedBaseSample() throws Exception {
        List<Trace> traces = new ArrayList<>();
        traces.addAll(requests(0, 25, i -> at(i).endpoint("GET", "/recommendations-fixed/{id}").baseSample()
                .httpCall("GET", "pricing", 8081, "/prices/{id}", 3, null).work(1)));
        traces.addAll(requests(25, 8, i -> at(i).endpoint("GET", "/recommendations-fixed/{id}")
                .httpCall("GET", "pricing", 8081, "/prices/{id}", 200, null).work(1)));
        traces.addAll(requests(33, 2, i -> at(i).endpoint("GET", "/recommendations-fixed/{id}").baseSample()
                .httpCall("GET", "pricing", 8081, "/prices/{id}", 200, null).work(1)));
        assertEquals(List.of(), detect(traces), "2 of 27 base-rate requests dominated");

        // the same kept traces with 10 of 27 base-rate requests dominated (37%) are a finding, with the basis stated
        List<Trace> slow = new ArrayList<>();
        slow.addAll(requests(0, 17, i -> at(i).endpoint("GET", "/recommendations/{id}").baseSample()
                .httpCall("GET", "pricing", 8081, "/forecast/{id}", 3, null).work(1)));
        slow.addAll(requests(17, 10, i -> at(i).endpoint("GET", "/recommendations/{id}").baseSample()
                .httpCall("GET", "pricing", 8081, "/forecast/{id}", 200, null).work(1)));
        slow.addAll(requests(27, 8, i -> at(i).endpoint("GET", "/recommendations/{id}")
                .httpCall("GET", "pricing", 8081, "/forecast/{id}", 200, null).work(1)));
        List<Finding> findings = detect(slow);
        assertEquals(1, findings.size());
        SlowDependencyEvidence ev = (SlowDependencyEvidence) findings.get(0).evidence();
        assertEquals("base_sample", ev.shareBasis());
        assertEquals(27, ev.basisRequests());
        assertEquals(10 / 27.0, ev.dominatedShareOfRequests(), 0.005); // rounded to 2 decimals in findings
        assertEquals(18, ev.dominatedRequests(), "every kept request the call dominated");
    }

    @Test
    void dependencyDominatingRequestTimeIsASlowDependency() throws Exception {
        // 30 requests call payments once, for 30 + i ms, plus 5 ms of work; 10 requests do not call it
        List<Trace> slow = requests(0, 30, i -> at(i).endpoint("POST", "/checkout").httpCall("POST", "payments", 9090, "/charges", 30 + i, null).work(5));
        List<Trace> all = new ArrayList<>(slow);
        all.addAll(requests(30, 10, i -> at(30 + i).endpoint("POST", "/checkout").work(5)));

        List<Finding> findings = detect(all);

        assertEquals(1, findings.size());
        Finding f = findings.get(0);
        assertEquals("slow_dependency", f.kind());
        assertEquals(new Finding.EndpointRef("POST", "/checkout", "submit"), f.endpoint());
        SlowDependencyEvidence ev = (SlowDependencyEvidence) f.evidence();
        assertEquals(CHARGES, ev.dependency());
        assertEquals(30, ev.calls());
        assertEquals(30, ev.dominatedRequests());
        assertEquals(0.75, ev.dominatedShareOfRequests());
        assertEquals("kept_traces", ev.shareBasis(), "no base-rate flag in these traces");
        assertEquals(40, ev.basisRequests());
        // share over all 40 kept requests: 10 zeros, then (30+i)/(38.05+i); p50 is the 20th value (i = 9)
        assertEquals(39 / 47.05, ev.shareOfRequestTime().p50(), 0.002);
        assertEquals(58 / 66.05, ev.shareOfRequestTime().p95(), 0.002); // 38th of 40: i = 27
        assertEquals(44.0, ev.callLatencyMs().p50(), 0.05);
        assertEquals(58.0, ev.callLatencyMs().p95(), 0.1);
        assertEquals(59.0, ev.callLatencyMs().p99(), 0.1);
        assertEquals(new SlowDependencyEvidence.Errors(0, 0, 0.0), ev.errors());
        assertEquals(0, ev.nPlusOneRequests());
        assertEquals(30, f.impact().requestsAffected());
        assertEquals(40, f.impact().endpointRequests());
        assertEquals(slow.get(28).traceId(), f.exemplarTraceIds().get(0)); // p95 of the 30 affected
        assertEquals(slow.get(29).traceId(), f.exemplarTraceIds().get(1)); // p99
        assertEquals("dev.example.InventoryClient.fetch", f.codePointers().get(0).function());
    }

    @Test
    void failuresRetriedRightAwayAreReportedAsAmplifiedLoad() throws Exception {
        // 100 fast calls; 2 requests time out and retry at once: 2 errors in 102 calls (2%)
        List<Trace> traces = new ArrayList<>(requests(0, 98, i -> at(i).httpCall("POST", "payments", 9090, "/charges", 1, null).work(40)));
        traces.addAll(requests(98, 2, i -> at(98 + i).httpCall("POST", "payments", 9090, "/charges", 5, "java.net.http.HttpTimeoutException")
                .httpCall("POST", "payments", 9090, "/charges", 1, null).work(40)));

        List<Finding> findings = detect(traces);

        assertEquals(1, findings.size());
        SlowDependencyEvidence ev = (SlowDependencyEvidence) findings.get(0).evidence();
        assertEquals(CHARGES, ev.dependency());
        assertEquals(new SlowDependencyEvidence.Errors(2, 2, 0.02), ev.errors());
        assertEquals(new SlowDependencyEvidence.Retries(2, 2), ev.retries());
        assertEquals(0, ev.dominatedRequests());
        assertEquals(2, findings.get(0).impact().requestsAffected());
        assertTrue(List.of(traces.get(98).traceId(), traces.get(99).traceId()).contains(findings.get(0).exemplarTraceIds().get(0)));
    }

    @Test
    void fastDependencyOrRareSlownessIsNoFinding() throws Exception {
        List<Trace> traces = new ArrayList<>();
        // fast: 1 ms of a 45 ms request
        traces.addAll(requests(0, 30, i -> at(i).httpCall("GET", "inventory", 8081, "/items/{id}", 1, null).work(40)));
        // rare: 5 of 40 requests (12.5% < 20%) spend 60 ms of ~67 ms in payments
        traces.addAll(requests(30, 40, i -> at(30 + i).endpoint("POST", "/checkout")
                .httpCall("POST", "payments", 9090, "/charges", i < 5 ? 60 : 1, null).work(5 + (i < 5 ? 0 : 40))));
        assertEquals(List.of(), detect(traces).stream().map(Finding::kind).toList());
    }
}
