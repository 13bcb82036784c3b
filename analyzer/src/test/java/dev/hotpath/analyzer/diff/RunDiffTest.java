package dev.hotpath.analyzer.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hotpath.analyzer.SyntheticRun;
import dev.hotpath.analyzer.run.LatencyHistogram;
import dev.hotpath.analyzer.run.RunDirectory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A synthetic before/after pair with a known improvement (/fixed: median 40 -> 10 ms), a known
 * regression (/broken: 10 -> 30 ms), two samples of one distribution (/same: different seeds), too few
 * traces (/rare), an error-rate regression (/flaky), and findings fixed, new, persisting, better and worse;
 * judged from kept traces (runs without histograms) and from whole-run histograms.
 */
class RunDiffTest {
    @TempDir
    Path tmp;

    private RunDiff.Result pair() throws Exception {
        Path before = new SyntheticRun()
                .endpoint("GET", "/fixed", 1000, 0, 40, 90, 120).traces("GET", "/fixed", 200, 40, 0.4, 1)
                .endpoint("GET", "/broken", 1000, 0, 10, 20, 30).traces("GET", "/broken", 200, 10, 0.4, 2)
                .endpoint("GET", "/same", 1000, 0, 15, 30, 45).traces("GET", "/same", 200, 15, 0.5, 3)
                .endpoint("POST", "/rare", 20, 0, 5, 9, 12).traces("POST", "/rare", 10, 5, 0.3, 4)
                .endpoint("GET", "/flaky", 5000, 0.001, 5, 9, 12).traces("GET", "/flaky", 100, 5, 0.3, 5)
                .finding("000000000000000a", "GET", "/fixed", 70, "high", 5000)
                .finding("000000000000000b", "GET", "/same", 50, "medium", 1000)
                .finding("000000000000000c", "GET", "/broken", 30, "low", 100)
                .finding("000000000000000d", "GET", "/flaky", 45, "medium", 400)
                .writeTo(tmp.resolve("before"));
        Path after = new SyntheticRun()
                .endpoint("GET", "/fixed", 1000, 0, 10, 25, 35).traces("GET", "/fixed", 200, 10, 0.4, 11)
                .endpoint("GET", "/broken", 1000, 0, 30, 60, 90).traces("GET", "/broken", 200, 30, 0.4, 12)
                .endpoint("GET", "/same", 1000, 0, 15, 30, 45).traces("GET", "/same", 200, 15, 0.5, 13)
                .endpoint("POST", "/rare", 20, 0, 5, 9, 12).traces("POST", "/rare", 10, 5, 0.3, 14)
                .endpoint("GET", "/flaky", 5000, 0.02, 5, 9, 12).traces("GET", "/flaky", 100, 5, 0.3, 15)
                .finding("000000000000000b", "GET", "/same", 51, "medium", 1050)     // persisting
                .finding("000000000000000c", "GET", "/broken", 55, "medium", 900)    // worse
                .finding("000000000000000d", "GET", "/flaky", 30, "low", 200)        // better
                .finding("000000000000000e", "GET", "/broken", 40, "medium", 300)    // new
                .writeTo(tmp.resolve("after"));
        return RunDiff.compare(RunDirectory.read(before), RunDirectory.read(after));
    }

    @Test
    void verdictsSeparateRealChangesFromNoise() throws Exception {
        Map<String, EndpointDelta> d = pair().endpoints().stream().collect(Collectors.toMap(EndpointDelta::endpoint, Function.identity()));
        assertEquals(Verdict.IMPROVED, d.get("GET /fixed").verdict(), d.get("GET /fixed").reason());
        assertTrue(d.get("GET /fixed").p95().upper() < 0);
        assertEquals(Verdict.REGRESSED, d.get("GET /broken").verdict(), d.get("GET /broken").reason());
        assertTrue(d.get("GET /broken").p95().lower() > 0);
        assertEquals(Verdict.NO_SIGNIFICANT_CHANGE, d.get("GET /same").verdict(), d.get("GET /same").reason());
        assertTrue(d.get("GET /same").p95().containsZero());
        assertEquals(Verdict.INSUFFICIENT_DATA, d.get("POST /rare").verdict());
        assertNull(d.get("POST /rare").p95());
        assertTrue(d.get("POST /rare").reason().contains("10 and 10 kept traces (need 30 per side)"));
        assertEquals(LatencySamples.Basis.KEPT_TRACES, d.get("GET /fixed").basis());
        assertEquals(Verdict.ERRORS_REGRESSED, d.get("GET /flaky").verdict());
        assertTrue(d.get("GET /flaky").errorRateZ() > 1.96);
    }

    /** Runs whose summary.json carries histograms are judged on every request, not on kept traces. */
    @Test
    void histogramsJudgeEveryRequest() throws Exception {
        Path before = new SyntheticRun()
                .endpointWithHistogram("GET", "/fixed", 3000, 40, 0.4, 1).traces("GET", "/fixed", 5, 400, 0.1, 1)
                .endpointWithHistogram("GET", "/broken", 3000, 10, 0.4, 2)
                .endpointWithHistogram("GET", "/same", 3000, 15, 0.5, 3)
                .endpointWithHistogram("POST", "/rare", 20, 5, 0.3, 4)
                .writeTo(tmp.resolve("hb"));
        Path after = new SyntheticRun()
                .endpointWithHistogram("GET", "/fixed", 3000, 10, 0.4, 11).traces("GET", "/fixed", 5, 10, 0.1, 11)
                .endpointWithHistogram("GET", "/broken", 3000, 30, 0.4, 12)
                .endpointWithHistogram("GET", "/same", 3000, 15, 0.5, 13)
                .endpointWithHistogram("POST", "/rare", 20, 5, 0.3, 14)
                .writeTo(tmp.resolve("ha"));
        Map<String, EndpointDelta> d = RunDiff.compare(RunDirectory.read(before), RunDirectory.read(after)).endpoints().stream()
                .collect(Collectors.toMap(EndpointDelta::endpoint, Function.identity()));
        assertEquals(Verdict.IMPROVED, d.get("GET /fixed").verdict(), d.get("GET /fixed").reason());
        assertEquals(LatencySamples.Basis.EVERY_REQUEST, d.get("GET /fixed").basis());
        assertEquals(3000, d.get("GET /fixed").p95().nBefore(), "every request, not the 5 kept traces");
        assertEquals(Verdict.REGRESSED, d.get("GET /broken").verdict(), d.get("GET /broken").reason());
        assertEquals(Verdict.NO_SIGNIFICANT_CHANGE, d.get("GET /same").verdict(), d.get("GET /same").reason());
        assertEquals(Verdict.INSUFFICIENT_DATA, d.get("POST /rare").verdict());
        assertTrue(d.get("POST /rare").reason().contains("20 and 20 requests (need 30 per side)"), d.get("POST /rare").reason());
    }

    /** The histogram bootstrap draws each resample's percentile directly; it must match resampling the values themselves. */
    @Test
    void histogramBootstrapMatchesResamplingTheValues() {
        java.util.Random r = new java.util.Random(42);
        double[] b = new double[2000];
        double[] a = new double[2000];
        for (int i = 0; i < b.length; i++) {
            b[i] = 20 * Math.exp(0.5 * r.nextGaussian());
            a[i] = 24 * Math.exp(0.5 * r.nextGaussian());
        }
        PercentileBootstrap.Interval values = PercentileBootstrap.difference(b, a, 95, 2000, 5);
        PercentileBootstrap.Interval hist = PercentileBootstrap.difference(LatencyHistogram.ofMillis(b), LatencyHistogram.ofMillis(a), 95,
                2000, 5);
        assertEquals(values.difference(), hist.difference(), 0.05, "same observed p95 difference (histogram: 3 significant digits)");
        double widthValues = values.upper() - values.lower();
        double widthHist = hist.upper() - hist.lower();
        assertEquals(widthValues, widthHist, widthValues * 0.15, "interval widths: values " + values + ", histogram " + hist);
        assertEquals(values.lower(), hist.lower(), widthValues * 0.2);
    }

    /** Two samples of one distribution: the 95% interval must contain zero about 95% of the time, not always and not rarely. */
    @Test
    void histogramIntervalHasItsNominalCoverage() {
        java.util.Random r = new java.util.Random(7);
        int trials = 200;
        int containsZero = 0;
        for (int t = 0; t < trials; t++) {
            double[] b = new double[500];
            double[] a = new double[500];
            for (int i = 0; i < b.length; i++) {
                b[i] = 15 * Math.exp(0.5 * r.nextGaussian());
                a[i] = 15 * Math.exp(0.5 * r.nextGaussian());
            }
            if (PercentileBootstrap.difference(LatencyHistogram.ofMillis(b), LatencyHistogram.ofMillis(a), 95, 1000, t).containsZero()) {
                containsZero++;
            }
        }
        assertTrue(containsZero >= 180 && containsZero <= 199, containsZero + " of " + trials + " intervals contain zero (expected about 190)");
    }

    @Test
    void findingsAreMatchedByStableId() throws Exception {
        Map<String, FindingChange> f = pair().findings().stream().collect(Collectors.toMap(FindingChange::id, Function.identity()));
        assertEquals(FindingStatus.FIXED, f.get("000000000000000a").status());
        assertEquals(FindingStatus.PERSISTING, f.get("000000000000000b").status());
        assertEquals(FindingStatus.WORSE, f.get("000000000000000c").status());
        assertEquals(FindingStatus.BETTER, f.get("000000000000000d").status());
        assertEquals(FindingStatus.NEW, f.get("000000000000000e").status());
    }

    @Test
    void bootstrapIsDeterministicAndCentredOnTheObservedDifference() {
        double[] a = new double[100];
        double[] b = new double[100];
        for (int i = 0; i < 100; i++) {
            a[i] = i;
            b[i] = i + 50;
        }
        PercentileBootstrap.Interval x = PercentileBootstrap.difference(a, b, 95, 1000, 7);
        PercentileBootstrap.Interval y = PercentileBootstrap.difference(a, b, 95, 1000, 7);
        assertEquals(x, y);
        assertEquals(50, x.difference(), 1e-9);
        assertTrue(x.lower() <= 50 && x.upper() >= 50 && x.lower() > 0);
    }

    @Test
    void commandWritesDiffMdAndPrintsIt() throws Exception {
        pair();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = DiffCommand.run(tmp.resolve("before"), tmp.resolve("after"), null, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, exit, err.toString());
        String md = Files.readString(tmp.resolve("after/diff.md"));
        assertEquals(md, out.toString(StandardCharsets.UTF_8));
        assertTrue(md.contains("- **improved**: GET /fixed"), md);
        assertTrue(md.contains("- **regression**: GET /broken"), md);
        assertTrue(md.contains("- **no significant change**: GET /same"), md);
        assertTrue(md.contains("- **too few samples to judge**: POST /rare"), md);
        assertTrue(md.contains("Findings fixed: `000000000000000a`"), md);
        assertNotNull(Files.readString(tmp.resolve("after/diff.html")));
        assertTrue(err.toString().contains("hotpath diff: 1 endpoint(s) improved, 2 regressed, 1 finding(s) fixed, 1 new"), err.toString());
        assertEquals(2, DiffCommand.run(tmp.resolve("nope"), tmp.resolve("after"), null, new PrintStream(out), new PrintStream(err)));
    }
}
