package dev.hotpath.collector.detect;

import static dev.hotpath.collector.testing.TraceBuilder.EPOCH_NANOS;
import static dev.hotpath.collector.testing.TraceBuilder.MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hotpath.collector.findings.ConfidenceLevel;
import dev.hotpath.collector.findings.Finding;
import dev.hotpath.collector.findings.FindingsWriter;
import dev.hotpath.collector.findings.Severity;
import dev.hotpath.collector.stats.CollectorCounters;
import dev.hotpath.collector.stats.RunStats;
import dev.hotpath.collector.testing.FindingsSchema;
import dev.hotpath.collector.testing.TraceBuilder;
import dev.hotpath.collector.trace.Trace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NPlusOneDetectorTest {
    static final String FP = "9f2c0d4e1a7b3c55";
    static final String SQL = "select * from pets where owner_id = ?";

    @TempDir
    Path dir;

    /** Runs a fresh detector over the traces; every finding goes through the writer and the schema. */
    private List<Finding> detect(List<Trace> traces) throws Exception {
        NPlusOneDetector detector = new NPlusOneDetector(NPlusOneDetector.Settings.defaults());
        RunStats stats = new RunStats(1000, new CollectorCounters());
        for (Trace t : traces) {
            stats.addTrace(t);
            detector.onTrace(t);
        }
        List<Finding> findings = detector.findings(new DetectionContext(stats, stats.window(0)));
        new FindingsWriter(dir).write(findings);
        List<JsonNode> lines = FindingsSchema.validate(dir.resolve(FindingsWriter.FILE_NAME));
        assertEquals(findings.size(), lines.size());
        return findings;
    }

    private static List<Trace> requests(int n, IntFunction<TraceBuilder> shape) {
        List<Trace> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(shape.apply(i).trace());
        }
        return out;
    }

    private static TraceBuilder at(int i) {
        return TraceBuilder.request("shop", EPOCH_NANOS + i * 100 * MS);
    }

    @Test
    void tenSequentialRepeatsGiveOneFindingWithTheRightNumbers() throws Exception {
        // 20 requests: 10 x 2 ms lookups in a loop, 3 ms other work; 10 requests with one lookup
        List<Trace> affected = requests(20, i -> at(i).sequential(10, SQL, FP, 2.0).work(3));
        List<Trace> clean = requests(10, i -> at(20 + i).sequential(1, SQL, FP, 2.0).work(3));
        List<Trace> all = new ArrayList<>(affected);
        all.addAll(clean);

        List<Finding> findings = detect(all);

        assertEquals(1, findings.size());
        Finding f = findings.get(0);
        assertEquals("n_plus_one", f.kind());
        assertEquals("shop", f.service());
        assertEquals(new Finding.EndpointRef("GET", "/owners/{id}", "access"), f.endpoint());
        NPlusOneEvidence ev = (NPlusOneEvidence) f.evidence();
        assertEquals(FP, ev.fingerprint());
        assertEquals(SQL, ev.statement());
        assertEquals("h2", ev.dbSystem());
        assertEquals(10, ev.repeatsPerRequest().p50());
        assertEquals(10, ev.repeatsPerRequest().max());
        assertTrue(ev.sequential());
        assertEquals(20.0, ev.unionMs().p50(), 0.05);

        // request = 1 ms + 10 x (2 + 0.05) ms + 3 ms + 2 ms tail = 26.5 ms; union 20 ms
        assertEquals(20, f.impact().requestsAffected());
        assertEquals(30, f.impact().endpointRequests());
        assertEquals(20.0 / 30, f.impact().shareOfRequests(), 0.001);
        assertEquals(20.0 / 26.5, f.impact().shareOfRequestTime(), 0.002);
        assertEquals(20 * 20.0 * 9 / 10, f.impact().totalTimeLostMs(), 0.01);
        assertEquals(26.5, f.impact().latencyMs().withPattern().p50(), 0.05);
        assertNotNull(f.impact().latencyMs().withoutPattern());
        assertEquals(8.05, f.impact().latencyMs().withoutPattern().p50(), 0.05);
        assertTrue(f.impact().timeLostMsPerMinute() > 0);

        Set<String> affectedIds = new HashSet<>();
        affected.forEach(t -> affectedIds.add(t.traceId()));
        assertFalse(f.exemplarTraceIds().isEmpty());
        assertTrue(f.exemplarTraceIds().size() <= 5);
        assertTrue(affectedIds.containsAll(f.exemplarTraceIds()), "exemplars must be affected requests: " + f.exemplarTraceIds());
        assertEquals(f.exemplarTraceIds().size(), new HashSet<>(f.exemplarTraceIds()).size());

        assertEquals(new Finding.CodePointer("dev.example.OwnerRepository.findPets", "OwnerRepository.java", 42),
                f.codePointers().get(0));
        assertEquals(Severity.ofScore(f.score()), f.severity());
        assertTrue(f.score() >= 60, "a loop taking 75% of 2/3 of requests is a high finding, got " + f.score());
        assertTrue(f.title().contains("GET /owners/{id}") && f.title().contains("10 times"), f.title());
        assertTrue(f.verification().target().contains("<= 2 queries per request"), f.verification().target());
        assertTrue(f.validation().get(0).contains(f.exemplarTraceIds().get(0)));
        // constant repeat count: correlation undefined -> not "high"
        assertNull(f.confidence().spearmanRho());
        assertEquals(ConfidenceLevel.LOW, f.confidence().level());
    }

    @Test
    void threeRepeatsAreNotAnNPlusOne() throws Exception {
        assertEquals(List.of(), detect(requests(20, i -> at(i).sequential(3, SQL, FP, 2.0))));
    }

    @Test
    void parallelQueriesAreNotAnNPlusOne() throws Exception {
        assertEquals(List.of(), detect(requests(20, i -> at(i).parallel(8, SQL, FP, 2.0))));
    }

    @Test
    void distinctStatementsAreNotAnNPlusOne() throws Exception {
        assertEquals(List.of(), detect(requests(20, i -> {
            TraceBuilder b = at(i);
            for (int q = 0; q < 8; q++) {
                b.sequential(1, "select * from t" + q + " where id = ?", String.format("%016x", 0xabc0L + q), 2.0);
            }
            return b;
        })));
    }

    @Test
    void repeatsThatTrackLatencyGiveHighConfidence() throws Exception {
        // 5..24 repeats; the more repeats, the slower the request
        List<Finding> findings = detect(requests(20, i -> at(i).sequential(5 + i, SQL, FP, 2.0).work(3)));
        assertEquals(1, findings.size());
        Finding f = findings.get(0);
        assertEquals(ConfidenceLevel.HIGH, f.confidence().level());
        assertEquals(1.0, f.confidence().spearmanRho(), 1e-9);
        assertEquals(24, ((NPlusOneEvidence) f.evidence()).repeatsPerRequest().max());
        // the slowest request is an exemplar
        assertTrue(f.exemplarTraceIds().size() >= 3);
    }

    @Test
    void repeatsThatDoNotTrackLatencyGiveLowConfidence() throws Exception {
        // more repeats but less other work: the slow requests are slow for another reason
        List<Finding> findings = detect(requests(20, i -> at(i).sequential(5 + i, SQL, FP, 0.5).work(200 - 8 * i)));
        assertEquals(1, findings.size());
        assertEquals(ConfidenceLevel.LOW, findings.get(0).confidence().level());
        assertTrue(findings.get(0).confidence().spearmanRho() < 0);
    }

    @Test
    void fewRequestsWithManyRepeatsGiveMediumConfidence() throws Exception {
        List<Finding> findings = detect(requests(4, i -> at(i).sequential(12, SQL, FP, 1.0)));
        assertEquals(ConfidenceLevel.MEDIUM, findings.get(0).confidence().level());
    }

    @Test
    void sameBottleneckHasTheSameIdAcrossRuns() throws Exception {
        String first = detect(requests(10, i -> at(i).sequential(10, SQL, FP, 2.0))).get(0).id();
        String second = detect(requests(30, i -> at(i + 500).sequential(7, SQL, FP, 3.0).work(5))).get(0).id();
        assertEquals(first, second);
        assertTrue(first.matches("[0-9a-f]{16}"));
        String otherRoute = detect(requests(10, i -> at(i).endpoint("GET", "/vets").sequential(10, SQL, FP, 2.0))).get(0).id();
        assertNotEquals(first, otherRoute);
    }

    @Test
    void foreignSdkSpansAreFingerprintedAndTheirPathsNormalised() throws Exception {
        List<Finding> findings = detect(requests(10, i -> at(i).foreign().rawPath("POST", "/owners/" + (100 + i) + "/pets")
                .sequential(6, "SELECT * FROM pets WHERE owner_id = ?", null, 1.0)));
        assertEquals(1, findings.size());
        Finding f = findings.get(0);
        assertEquals(new Finding.EndpointRef("POST", "/owners/{id}/pets", "submit"), f.endpoint());
        NPlusOneEvidence ev = (NPlusOneEvidence) f.evidence();
        assertTrue(ev.fingerprint().matches("[0-9a-f]{16}"), ev.fingerprint());
        assertEquals("postgresql", ev.dbSystem());
        assertFalse(ev.statement().contains("1000"), "literals must be sanitized away: " + ev.statement());
        assertEquals(6, ev.repeatsPerRequest().p50());
    }

    @Test
    void twoLoopsInOneRequestCountAsOneAffectedRequest() throws Exception {
        List<Finding> findings = detect(requests(5, i -> at(i).sequential(5, SQL, FP, 1.0).sequential(5, SQL, FP, 1.0)));
        // one parent here (the root), so 10 repeats in one group; one affected request each
        assertEquals(5, findings.get(0).impact().requestsAffected());
        assertEquals(10, ((NPlusOneEvidence) findings.get(0).evidence()).repeatsPerRequest().p50());
    }
}
