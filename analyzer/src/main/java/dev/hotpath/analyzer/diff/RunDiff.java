package dev.hotpath.analyzer.diff;

import dev.hotpath.analyzer.run.EndpointStats;
import dev.hotpath.analyzer.run.Finding;
import dev.hotpath.analyzer.run.Run;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares two runs. Endpoint latency verdicts come from a bootstrap of the p95 difference: from the
 * whole-run latency histograms summary.json carries (every request), or, for runs without them, from kept
 * traces' root durations (biased toward slow requests, but alike on both sides). At least
 * {@value #MIN_SAMPLES} requests or traces per side are needed. Error rates are compared with a
 * two-proportion z-test on the exact counts. Findings are matched by stable id: better/worse when the
 * score moves by {@value #SCORE_STEP} or more, or time lost per minute by {@value #TIME_LOST_STEP_PERCENT}%
 * or more (in one direction only).
 */
public final class RunDiff {
    public static final int MIN_SAMPLES = 30;
    static final int SCORE_STEP = 5;
    static final int TIME_LOST_STEP_PERCENT = 20;
    static final double Z_95 = 1.96;

    private RunDiff() {
    }

    public record Result(Run before, Run after, List<EndpointDelta> endpoints, List<FindingChange> findings) {
    }

    public static Result compare(Run before, Run after) {
        return compare(before, after, PercentileBootstrap.DEFAULT_RESAMPLES);
    }

    public static Result compare(Run before, Run after, int resamples) {
        Set<String> names = new LinkedHashSet<>();
        Map<String, EndpointStats> b = byName(before);
        Map<String, EndpointStats> a = byName(after);
        names.addAll(b.keySet());
        names.addAll(a.keySet());
        List<EndpointDelta> endpoints = new ArrayList<>();
        for (String name : names) {
            endpoints.add(endpoint(name, b.get(name), a.get(name), LatencySamples.of(before, b.get(name)),
                    LatencySamples.of(after, a.get(name)), resamples));
        }
        return new Result(before, after, List.copyOf(endpoints), findings(before, after));
    }

    static EndpointDelta endpoint(String name, EndpointStats b, EndpointStats a, LatencySamples sb, LatencySamples sa, int resamples) {
        if (b == null) {
            return new EndpointDelta(name, null, a, null, null, null, 0, Verdict.NEW_ENDPOINT, "only in AFTER");
        }
        if (a == null) {
            return new EndpointDelta(name, b, null, null, null, null, 0, Verdict.GONE, "only in BEFORE");
        }
        double z = errorZ(b, a);
        PercentileBootstrap.Interval p50 = null;
        PercentileBootstrap.Interval p95 = null;
        Verdict verdict;
        String reason;
        long seed = name.hashCode() * 31L + 17;
        LatencySamples.Basis basis = LatencySamples.commonBasis(sb, sa);
        if (basis != null && sb.size(basis) >= MIN_SAMPLES && sa.size(basis) >= MIN_SAMPLES) {
            p50 = LatencySamples.difference(basis, sb, sa, 50, resamples, seed);
            p95 = LatencySamples.difference(basis, sb, sa, 95, resamples, seed + 1);
            if (p95.upper() < 0) {
                verdict = Verdict.IMPROVED;
                reason = "p95 95% interval entirely below zero";
            } else if (p95.lower() > 0) {
                verdict = Verdict.REGRESSED;
                reason = "p95 95% interval entirely above zero";
            } else {
                verdict = Verdict.NO_SIGNIFICANT_CHANGE;
                reason = "p95 95% interval contains zero";
            }
            if (!p50.containsZero() && (verdict == Verdict.NO_SIGNIFICANT_CHANGE || (p50.lower() > 0) != (verdict == Verdict.REGRESSED))) {
                reason += String.format(java.util.Locale.ROOT, "; note: the p50 moved significantly (%+.2f ms, 95%% CI [%+.2f, %+.2f] ms)",
                        p50.difference(), p50.lower(), p50.upper());
            }
        } else {
            verdict = Verdict.INSUFFICIENT_DATA;
            LatencySamples.Basis shown = basis == null ? LatencySamples.Basis.KEPT_TRACES : basis;
            reason = String.format("%d and %d %s (need %d per side); summary deltas only, significance unknown",
                    sb.size(shown), sa.size(shown), shown.label(), MIN_SAMPLES);
        }
        if (z >= Z_95) {
            verdict = Verdict.ERRORS_REGRESSED;
            reason = String.format("error rate up, z = %.2f (two-proportion test)", z) + "; latency: " + reason;
        }
        return new EndpointDelta(name, b, a, basis, p50, p95, z, verdict, reason);
    }

    /** Two-proportion z statistic of the error rate (after minus before); 0 when undefined. */
    static double errorZ(EndpointStats b, EndpointStats a) {
        long n1 = b.count();
        long n2 = a.count();
        if (n1 == 0 || n2 == 0) {
            return 0;
        }
        double p1 = (double) b.errors() / n1;
        double p2 = (double) a.errors() / n2;
        double pooled = (double) (b.errors() + a.errors()) / (n1 + n2);
        double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
        return se == 0 ? 0 : (p2 - p1) / se;
    }

    static List<FindingChange> findings(Run before, Run after) {
        Map<String, Finding> b = new LinkedHashMap<>();
        before.findings().forEach(f -> b.put(f.id(), f));
        Map<String, Finding> a = new LinkedHashMap<>();
        after.findings().forEach(f -> a.put(f.id(), f));
        List<FindingChange> out = new ArrayList<>();
        for (Finding f : after.findings()) {
            Finding old = b.get(f.id());
            out.add(old == null ? new FindingChange(f.id(), null, f, FindingStatus.NEW, "only in AFTER") : change(old, f));
        }
        for (Finding f : before.findings()) {
            if (!a.containsKey(f.id())) {
                out.add(new FindingChange(f.id(), f, null, FindingStatus.FIXED, "not detected in AFTER"));
            }
        }
        return List.copyOf(out);
    }

    static FindingChange change(Finding b, Finding a) {
        int ds = a.score() - b.score();
        double rt = b.timeLostMsPerMinute() > 0 ? (a.timeLostMsPerMinute() - b.timeLostMsPerMinute()) / b.timeLostMsPerMinute() : 0;
        boolean worse = ds >= SCORE_STEP || rt * 100 >= TIME_LOST_STEP_PERCENT;
        boolean better = ds <= -SCORE_STEP || rt * 100 <= -TIME_LOST_STEP_PERCENT;
        String reason = String.format("score %d -> %d, time lost %.0f -> %.0f ms/min", b.score(), a.score(), b.timeLostMsPerMinute(),
                a.timeLostMsPerMinute());
        FindingStatus status = worse && !better ? FindingStatus.WORSE : better && !worse ? FindingStatus.BETTER : FindingStatus.PERSISTING;
        return new FindingChange(a.id(), b, a, status, reason);
    }

    private static Map<String, EndpointStats> byName(Run run) {
        Map<String, EndpointStats> m = new LinkedHashMap<>();
        run.endpoints().forEach(e -> m.putIfAbsent(e.name(), e));
        return m;
    }
}
