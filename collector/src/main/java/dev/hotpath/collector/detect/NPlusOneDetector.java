package dev.hotpath.collector.detect;

import dev.hotpath.collector.CollectorConfig;
import dev.hotpath.collector.findings.ConfidenceLevel;
import dev.hotpath.collector.findings.Finding;
import dev.hotpath.collector.findings.Severity;
import dev.hotpath.collector.findings.StableId;
import dev.hotpath.collector.stats.EndpointKey;
import dev.hotpath.collector.stats.RunStats;
import dev.hotpath.collector.stats.RunWindow;
import dev.hotpath.collector.trace.Attr;
import dev.hotpath.collector.trace.Endpoint;
import dev.hotpath.collector.trace.Span;
import dev.hotpath.collector.trace.Trace;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;

/**
 * N+1 queries: in one request, at least {@code minRepeats} DB spans with the same SQL fingerprint
 * under one parent, running one after another. Occurrences are aggregated per (service, endpoint,
 * fingerprint) across requests into one finding. State per pattern is bounded: exact histograms for
 * the distributions, and a fixed-size random sample of requests for correlation and exemplars.
 */
public final class NPlusOneDetector implements Detector {

    public static final String KIND = "n_plus_one";

    /** Thresholds; defaults and meaning are documented in collector/README.md. */
    public record Settings(int minRepeats, long overlapToleranceNanos, double maxOverlapShare,
                           int maxSampledRequestsPerPattern, int maxPatterns) {
        public static Settings from(CollectorConfig c) {
            return new Settings(c.nPlusOneMinRepeats(), c.nPlusOneOverlapTolerance().toNanos(), c.nPlusOneMaxOverlapShare(),
                    c.maxSampledRequestsPerPattern(), c.maxPatterns());
        }

        public static Settings defaults() {
            return from(CollectorConfig.builder(java.nio.file.Path.of(".")).build());
        }
    }

    private final Settings settings;
    private final Map<EndpointKey, EndpointLatency> endpoints = new HashMap<>();
    private final Map<PatternKey, Pattern> patterns = new LinkedHashMap<>();
    private long shedPatterns;

    public NPlusOneDetector(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Set<Signal> needs() {
        return EnumSet.of(Signal.TRACES, Signal.ENDPOINT_STATS);
    }

    /** Occurrences of the pattern in one request, all parent groups of one fingerprint combined. */
    record Repetition(String fingerprint, String statement, String dbSystem, String parentSpanName, List<Span> spans,
                      long unionNanos) {
        int repeats() {
            return spans.size();
        }
    }

    /** The N+1 repetitions of one trace: one per fingerprint with at least one qualifying parent group. */
    List<Repetition> repetitionsIn(Trace trace) {
        Map<String, Map<String, List<Span>>> byFingerprintThenParent = new LinkedHashMap<>();
        Map<String, String> spanNames = new HashMap<>();
        for (Span s : trace.spans()) {
            spanNames.put(s.spanId(), s.name());
            if (s.isDb() && s.fingerprint() != null) {
                byFingerprintThenParent.computeIfAbsent(s.fingerprint(), k -> new LinkedHashMap<>())
                        .computeIfAbsent(String.valueOf(s.parentSpanId()), k -> new ArrayList<>()).add(s);
            }
        }
        List<Repetition> out = new ArrayList<>();
        for (Map.Entry<String, Map<String, List<Span>>> fp : byFingerprintThenParent.entrySet()) {
            List<Span> qualifying = new ArrayList<>();
            String parentName = null;
            for (Map.Entry<String, List<Span>> group : fp.getValue().entrySet()) {
                List<Span> g = group.getValue();
                if (g.size() >= settings.minRepeats() && isSequential(g)) {
                    qualifying.addAll(g);
                    if (parentName == null) {
                        parentName = spanNames.get(group.getKey());
                    }
                }
            }
            if (!qualifying.isEmpty()) {
                Span first = qualifying.get(0);
                out.add(new Repetition(fp.getKey(), first.statement(), first.dbSystem(), parentName, qualifying,
                        Intervals.unionNanos(qualifying)));
            }
        }
        return out;
    }

    /** Sequential when at most {@code maxOverlapShare} of the spans start before an earlier one ended. */
    boolean isSequential(List<Span> group) {
        int overlaps = Intervals.overlaps(group, settings.overlapToleranceNanos());
        return overlaps <= settings.maxOverlapShare() * (group.size() - 1);
    }

    @Override
    public synchronized void onTrace(Trace trace) {
        EndpointKey ek = new EndpointKey(trace.service(), trace.endpoint());
        EndpointLatency el = endpoints.get(ek);
        if (el == null) {
            if (endpoints.size() >= settings.maxPatterns()) {
                shedPatterns++;
                return;
            }
            el = new EndpointLatency();
            endpoints.put(ek, el);
        }
        el.record(trace.durationNanos());
        for (Repetition r : repetitionsIn(trace)) {
            PatternKey pk = new PatternKey(ek, r.fingerprint());
            Pattern p = patterns.get(pk);
            if (p == null) {
                if (patterns.size() >= settings.maxPatterns()) {
                    shedPatterns++;
                    continue;
                }
                p = new Pattern(settings.maxSampledRequestsPerPattern(), pk.hashCode());
                patterns.put(pk, p);
            }
            p.add(trace, r);
        }
    }

    /** Patterns dropped because the pattern table was full. */
    public synchronized long shedPatterns() {
        return shedPatterns;
    }

    @Override
    public synchronized List<Finding> findings(DetectionContext ctx) {
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<PatternKey, Pattern> e : patterns.entrySet()) {
            out.add(toFinding(e.getKey(), e.getValue(), ctx));
        }
        return out;
    }

    private Finding toFinding(PatternKey key, Pattern p, DetectionContext ctx) {
        EndpointKey ek = key.endpoint();
        Endpoint endpoint = ek.endpoint();
        EndpointLatency kept = endpoints.get(ek);
        RunStats.EndpointVolume volume = ctx.stats().volume(ek);
        long endpointRequests = Math.max(p.affected, volume.requests() > 0 ? volume.requests() : kept.count);
        long endpointNanos = volume.totalNanos() > 0 ? volume.totalNanos() : kept.totalNanos;
        Double endpointP95 = volume.p95Ms() != null ? volume.p95Ms() : kept.p95Ms();

        double shareOfRequests = ratio(p.affected, endpointRequests);
        double shareOfRequestTime = p.shareOfRequestPermyriad.getValueAtPercentile(50) / 10_000.0;
        double endpointTimeShare = ratio(p.unionNanosSum, endpointNanos);
        long repeatsP50 = p.repeats.getValueAtPercentile(50);
        RunWindow window = ctx.window();
        double lostMs = p.timeLostNanosSum / 1e6;

        Finding.Percentiles with = percentiles(p.durationsMicros);
        Finding.Percentiles without = null;
        Histogram rest = kept.durationsMicros.copy();
        try {
            rest.subtract(p.durationsMicros);
            without = rest.getTotalCount() == 0 ? null : percentiles(rest);
        } catch (RuntimeException e) {
            without = null; // histograms disagree (endpoint table shed): better no comparison than a wrong one
        }

        double rho = spearman(p.sample);
        int n = p.sample.size();
        ConfidenceLevel level;
        if (!Double.isNaN(rho) && rho >= 0.6 && n >= 10) {
            level = ConfidenceLevel.HIGH;
        } else if ((!Double.isNaN(rho) && rho >= 0.3) || (n < 10 && repeatsP50 >= 10)) {
            level = ConfidenceLevel.MEDIUM;
        } else {
            level = ConfidenceLevel.LOW;
        }

        double repeatFactor = Math.min(1.0, Math.log10(Math.max(1, repeatsP50)) / 2.0);
        int score = (int) Math.round(100 * (0.5 * endpointTimeShare + 0.3 * shareOfRequests + 0.2 * repeatFactor));
        score = Math.max(0, Math.min(100, score));

        NPlusOneEvidence evidence = new NPlusOneEvidence(key.fingerprint(), p.statement, p.dbSystem,
                new NPlusOneEvidence.RepeatsPerRequest(repeatsP50, p.maxRepeats),
                new NPlusOneEvidence.UnionMs(ms(p.unionMicros.getValueAtPercentile(50)), ms(p.unionMicros.getValueAtPercentile(95))),
                true, p.parentSpanName);
        List<String> exemplars = exemplars(p, with);
        List<Finding.CodePointer> code = p.codePointers();
        double targetP95 = endpointP95 == null ? Double.NaN : round(endpointP95 * (1 - shareOfRequestTime));

        NPlusOneTexts.Facts facts = new NPlusOneTexts.Facts(ek.service(), endpoint, key.fingerprint(), p.statement,
                p.dbSystem, p.parentSpanName, repeatsP50, p.maxRepeats, ms(p.unionMicros.getValueAtPercentile(50)),
                shareOfRequestTime, p.affected, endpointRequests, shareOfRequests, lostMs, with, without,
                exemplars.isEmpty() ? null : exemplars.get(0), code.isEmpty() ? null : code.get(0), n,
                Double.isNaN(rho) ? null : round(rho), endpointP95, Double.isNaN(targetP95) ? null : targetP95);

        return new Finding(
                Finding.SCHEMA_VERSION,
                StableId.of(KIND, ek.service(), endpoint.method(), endpoint.route(), key.fingerprint()),
                KIND,
                NPlusOneTexts.title(facts),
                NPlusOneTexts.summary(facts),
                Severity.ofScore(score),
                score,
                new Finding.Confidence(level, NPlusOneTexts.confidenceRationale(facts, level), facts.spearmanRho()),
                ek.service(),
                new Finding.EndpointRef(endpoint.method(), endpoint.route(), endpoint.path()),
                new Finding.Window(window.start().toString(), window.end().toString()),
                new Finding.Impact(p.affected, endpointRequests, volume.requests() > 0 ? volume.source() : "traces",
                        round(shareOfRequests), round(shareOfRequestTime), round(lostMs), round(lostMs / window.minutes()),
                        new Finding.LatencyComparison(with, without)),
                evidence,
                exemplars,
                code,
                NPlusOneTexts.hypothesis(facts),
                NPlusOneTexts.validation(facts),
                NPlusOneTexts.fix(facts),
                NPlusOneTexts.verification(facts));
    }

    /** Requests nearest the p95 and p99 durations, the slowest, then nearest p50 and p90; distinct, up to 5. */
    private static List<String> exemplars(Pattern p, Finding.Percentiles with) {
        List<String> ids = new ArrayList<>();
        double[] targetsMs = {with.p95(), with.p99(), Double.POSITIVE_INFINITY, with.p50(),
                ms(p.durationsMicros.getValueAtPercentile(90))};
        for (double target : targetsMs) {
            String id = target == Double.POSITIVE_INFINITY ? p.slowestTraceId : nearest(p.sample, target, ids);
            if (id != null && !ids.contains(id)) {
                ids.add(id);
            }
            if (ids.size() == 5) {
                break;
            }
        }
        return ids;
    }

    private static String nearest(List<Observation> sample, double targetMs, List<String> exclude) {
        String best = null;
        double bestDistance = Double.MAX_VALUE;
        for (Observation o : sample) {
            double d = Math.abs(o.durationNanos / 1e6 - targetMs);
            if (d < bestDistance && !exclude.contains(o.traceId)) {
                bestDistance = d;
                best = o.traceId;
            }
        }
        return best;
    }

    private static double spearman(List<Observation> sample) {
        double[] x = new double[sample.size()];
        double[] y = new double[sample.size()];
        for (int i = 0; i < sample.size(); i++) {
            x[i] = sample.get(i).repeats;
            y[i] = sample.get(i).durationNanos;
        }
        return RankCorrelation.spearman(x, y);
    }

    private static Finding.Percentiles percentiles(Histogram micros) {
        return new Finding.Percentiles(ms(micros.getValueAtPercentile(50)), ms(micros.getValueAtPercentile(95)),
                ms(micros.getValueAtPercentile(99)));
    }

    private static double ratio(double part, double whole) {
        return whole <= 0 ? 0 : Math.max(0, Math.min(1, part / whole));
    }

    static double ms(long micros) {
        return round(micros / 1000.0);
    }

    static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }

    private record PatternKey(EndpointKey endpoint, String fingerprint) {
    }

    private record Observation(String traceId, int repeats, long durationNanos) {
    }

    /** Durations of every kept request of an endpoint, for the with/without comparison. */
    private static final class EndpointLatency {
        final Histogram durationsMicros = new Histogram(3);
        long count;
        long totalNanos;

        void record(long durationNanos) {
            durationsMicros.recordValue(Math.max(0, durationNanos / 1000));
            count++;
            totalNanos += durationNanos;
        }

        Double p95Ms() {
            return count == 0 ? null : ms(durationsMicros.getValueAtPercentile(95));
        }
    }

    /** Aggregated occurrences of one (service, endpoint, fingerprint). */
    private static final class Pattern {
        final Histogram durationsMicros = new Histogram(3);
        final Histogram unionMicros = new Histogram(3);
        final Histogram repeats = new Histogram(3);
        final Histogram shareOfRequestPermyriad = new Histogram(10_000, 3);
        final List<Observation> sample = new ArrayList<>();
        final Map<Finding.CodePointer, Long> codeCounts = new HashMap<>();
        final int sampleCapacity;
        final SplittableRandom random;
        long affected;
        long unionNanosSum;
        long timeLostNanosSum;
        long maxRepeats;
        long slowestNanos = -1;
        String slowestTraceId;
        String statement;
        String dbSystem;
        String parentSpanName;

        Pattern(int sampleCapacity, long seed) {
            this.sampleCapacity = sampleCapacity;
            this.random = new SplittableRandom(seed); // deterministic: same input, same sample, same finding
        }

        void add(Trace t, Repetition r) {
            affected++;
            int n = r.repeats();
            long duration = t.durationNanos();
            durationsMicros.recordValue(Math.max(0, duration / 1000));
            unionMicros.recordValue(Math.max(0, r.unionNanos() / 1000));
            repeats.recordValue(n);
            long share = duration <= 0 ? 10_000 : Math.min(10_000, Math.round(10_000.0 * r.unionNanos() / duration));
            shareOfRequestPermyriad.recordValue(share);
            unionNanosSum += r.unionNanos();
            // one batched query would still take roughly one repeat's time
            timeLostNanosSum += r.unionNanos() * (n - 1) / n;
            maxRepeats = Math.max(maxRepeats, n);
            if (duration > slowestNanos) {
                slowestNanos = duration;
                slowestTraceId = t.traceId();
            }
            if (statement == null) {
                statement = r.statement();
            }
            if (dbSystem == null) {
                dbSystem = r.dbSystem();
            }
            if (parentSpanName == null) {
                parentSpanName = r.parentSpanName();
            }
            Observation o = new Observation(t.traceId(), n, duration);
            if (sample.size() < sampleCapacity) {
                sample.add(o);
            } else {
                long slot = random.nextLong(affected); // reservoir sampling keeps a uniform sample
                if (slot < sampleCapacity) {
                    sample.set((int) slot, o);
                }
            }
            for (Span s : r.spans()) {
                String fn = s.stringAttr(Attr.CODE_FUNCTION);
                if (fn != null && (codeCounts.size() < 64 || codeCounts.containsKey(pointer(s, fn)))) {
                    codeCounts.merge(pointer(s, fn), 1L, Long::sum);
                }
            }
        }

        private static Finding.CodePointer pointer(Span s, String fn) {
            Long line = s.longAttr(Attr.CODE_LINE);
            return new Finding.CodePointer(fn, s.stringAttr(Attr.CODE_FILE), line == null ? null : line.intValue());
        }

        /** Most common first, up to 3. */
        List<Finding.CodePointer> codePointers() {
            return codeCounts.entrySet().stream()
                    .sorted(Map.Entry.<Finding.CodePointer, Long>comparingByValue().reversed()
                            .thenComparing(e -> e.getKey().function()))
                    .limit(3)
                    .map(Map.Entry::getKey)
                    .toList();
        }
    }

}
