package dev.hotpath.collector.detect;

import dev.hotpath.collector.CollectorConfig;
import dev.hotpath.collector.findings.Finding;
import dev.hotpath.collector.stats.EndpointKey;
import dev.hotpath.collector.trace.Attr;
import dev.hotpath.collector.trace.Span;
import dev.hotpath.collector.trace.Trace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.HdrHistogram.Histogram;

/**
 * A dependency that dominates request time or fails: per (service, endpoint, dependency route), the
 * share of each request spent in calls to it, its own latency, errors, timeouts and retries after
 * errors. Requests whose calls to the route are an N+1 are left to {@link HttpNPlusOneDetector}:
 * one bottleneck, one finding.
 */
public final class SlowDependencyDetector implements Detector {

    public static final String KIND = "slow_dependency";

    /** Thresholds; defaults and meaning are documented in collector/README.md. */
    public record Settings(double minTimeShare, java.time.Duration minTime, double minRequestShare, double minErrorRate,
                           RepeatRule nPlusOneRule, int maxSampledRequests, int maxDependencies) {
        public static Settings from(CollectorConfig c) {
            return new Settings(c.slowDependencyMinTimeShare(), c.slowDependencyMinTime(), c.slowDependencyMinRequestShare(),
                    c.slowDependencyMinErrorRate(), HttpNPlusOneDetector.Settings.from(c).rule(),
                    c.maxSampledRequestsPerPattern(), c.maxPatterns());
        }

        public static Settings defaults() {
            return from(CollectorConfig.builder(java.nio.file.Path.of(".")).build());
        }
    }

    private record Key(EndpointKey endpoint, String route) {
    }

    private final Settings settings;
    /** Base-rate traces of an endpoint needed before its share of dominated requests is taken from them alone. */
    static final int MIN_BASE_SAMPLE = 20;
    private final EndpointLatencies endpoints;
    private final Map<EndpointKey, Long> baseSampleTraces = new HashMap<>();
    private final Map<Key, DependencyCalls> dependencies = new LinkedHashMap<>();
    private long shed;

    public SlowDependencyDetector(Settings settings) {
        this.settings = settings;
        this.endpoints = new EndpointLatencies(settings.maxDependencies());
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Set<Signal> needs() {
        return EnumSet.of(Signal.TRACES, Signal.ENDPOINT_STATS);
    }

    @Override
    public synchronized void onTrace(Trace trace) {
        if (endpoints.record(trace) == null) {
            shed++;
            return;
        }
        Map<String, List<Span>> byRoute = new LinkedHashMap<>();
        for (Span s : trace.spans()) {
            String route = DependencyRoute.keyOf(s);
            if (route != null) {
                byRoute.computeIfAbsent(route, k -> new ArrayList<>()).add(s);
            }
        }
        EndpointKey endpoint = new EndpointKey(trace.service(), trace.endpoint());
        boolean base = trace.root().flag(Attr.KEEP_BASE_SAMPLE);
        if (base) {
            baseSampleTraces.merge(endpoint, 1L, Long::sum); // requests without a call count too: they were not dominated
        }
        if (byRoute.isEmpty()) {
            return;
        }
        Set<String> nPlusOne = new HashSet<>();
        for (RepeatRule.Repeated r : settings.nPlusOneRule().repeatedIn(trace, DependencyRoute::keyOf)) {
            nPlusOne.add(r.key());
        }
        for (Map.Entry<String, List<Span>> e : byRoute.entrySet()) {
            Key key = new Key(endpoint, e.getKey());
            DependencyCalls d = dependencies.get(key);
            if (d == null) {
                if (dependencies.size() >= settings.maxDependencies()) {
                    shed++;
                    continue;
                }
                d = new DependencyCalls(settings.maxSampledRequests(), key.hashCode());
                dependencies.put(key, d);
            }
            d.add(trace, e.getValue(), nPlusOne.contains(e.getKey()), base, settings.minTimeShare(), settings.minTime().toNanos());
        }
    }

    /** Dependencies and endpoints dropped because a table was full. */
    public synchronized long shedDependencies() {
        return shed;
    }

    @Override
    public synchronized List<Finding> findings(DetectionContext ctx) {
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<Key, DependencyCalls> e : dependencies.entrySet()) {
            EndpointKey ek = e.getKey().endpoint();
            Finding f = toFinding(ek, e.getValue(), endpoints.get(ek), ctx);
            if (f != null) {
                out.add(f);
            }
        }
        return out;
    }

    private Finding toFinding(EndpointKey ek, DependencyCalls d, EndpointLatencies.Latency kept, DetectionContext ctx) {
        if (d.affected == 0) {
            return null;
        }
        EndpointLatencies.Volume volume = EndpointLatencies.volume(ek, kept, ctx.stats(), d.affected);
        // kept traces over-represent slow requests (the agent keeps those above the route's p95): the share of requests a
        // dependency dominates comes from the base-rate sample, an unbiased one, wherever it is large enough
        long baseRequests = baseSampleTraces.getOrDefault(ek, 0L);
        boolean unbiased = baseRequests >= MIN_BASE_SAMPLE;
        long basisRequests = unbiased ? baseRequests : kept.count;
        double dominatedShare = Numbers.ratio(unbiased ? d.baseDominated : d.dominated, basisRequests);
        double errorRate = Numbers.ratio(d.errors, d.calls);
        boolean slow = d.dominated > 0 && dominatedShare >= settings.minRequestShare();
        boolean failing = d.errors > 0 && errorRate >= settings.minErrorRate();
        if (!slow && !failing) {
            return null;
        }
        Histogram shares = d.shareOfRequestPermyriad.copy();
        long withoutCalls = kept.count - d.requestsWithCalls;
        if (withoutCalls > 0) {
            shares.recordValueWithCount(0, withoutCalls); // requests that never called it spent 0% there
        }
        var share = new SlowDependencyEvidence.ShareOfRequestTime(shares.getValueAtPercentile(50) / 10_000.0,
                shares.getValueAtPercentile(95) / 10_000.0);
        Finding.Percentiles callLatency = Numbers.percentiles(d.callMicros);
        SlowDependencyEvidence evidence = new SlowDependencyEvidence(d.route, share, settings.minTimeShare(), d.dominated,
                Numbers.round(dominatedShare), unbiased ? "base_sample" : "kept_traces", basisRequests, d.calls, callLatency,
                new SlowDependencyEvidence.Errors(d.errors, d.timeouts, Numbers.round(errorRate)),
                new SlowDependencyEvidence.Retries(d.retriesAfterError, d.requestsWithRetries), d.nPlusOneRequests);

        double affectedShareOfTime = d.affectedSharePermyriad.getValueAtPercentile(50) / 10_000.0;
        double endpointTimeShare = Numbers.ratio(d.affectedDependencyNanos, volume.totalNanos());
        double rho = d.sample.spearman();
        var level = Numbers.confidence(rho, d.sample.size(), affectedShareOfTime >= 0.5 || failing);
        int score = Numbers.clampScore(100 * (0.5 * endpointTimeShare + 0.3 * Numbers.ratio(d.affected, volume.requests())
                + 0.2 * Math.min(1, errorRate * 10)));
        Finding.Percentiles with = Numbers.percentiles(d.affectedDurationsMicros);
        double lostMs = d.affectedDependencyNanos / 1e6;
        Finding.Impact impact = new Finding.Impact(d.affected, volume.requests(), volume.source(),
                Numbers.round(Numbers.ratio(d.affected, volume.requests())), Numbers.round(affectedShareOfTime),
                Numbers.round(lostMs), Numbers.round(lostMs / ctx.window().minutes()),
                new Finding.LatencyComparison(with, kept.without(d.affectedDurationsMicros)));
        List<String> exemplars = d.sample.exemplars(with, Numbers.ms(d.affectedDurationsMicros.getValueAtPercentile(90)));
        List<Finding.CodePointer> code = d.code.top();
        Double targetP95 = volume.p95Ms() == null ? null : Numbers.round(volume.p95Ms() * (1 - share.p95() / 2));
        var facts = new SlowDependencyTexts.Facts(ek.endpoint(), d.route, evidence, slow, failing, d.affected,
                exemplars.isEmpty() ? null : exemplars.get(0), code.isEmpty() ? null : code.get(0), volume.p95Ms(), targetP95,
                Double.isNaN(rho) ? null : Numbers.round(rho), d.sample.size(), level);
        var measured = new FindingTexts.Measured(ek.service(), ek.endpoint(), score, level, facts.spearmanRho(),
                Numbers.window(ctx.window()), impact, exemplars, code);
        return SlowDependencyTexts.of(facts).toFinding(KIND, d.route.toString(), measured, evidence);
    }

    private static boolean failed(Span s) {
        Long status = s.longAttr(Attr.HTTP_STATUS);
        return s.error() || s.stringAttr(Attr.ERROR_TYPE) != null || (status != null && status >= 500);
    }

    private static boolean timedOut(Span s) {
        String type = s.stringAttr(Attr.ERROR_TYPE);
        return type != null && type.toLowerCase(Locale.ROOT).contains("timeout");
    }

    /** Calls to one dependency route from one endpoint, aggregated across requests (bounded state). */
    private static final class DependencyCalls {
        final Histogram callMicros = new Histogram(3);
        final Histogram shareOfRequestPermyriad = new Histogram(10_000, 3);
        final Histogram affectedSharePermyriad = new Histogram(10_000, 3);
        final Histogram affectedDurationsMicros = new Histogram(3);
        final RequestSample sample;
        final CodePointers code = new CodePointers();
        DependencyRoute route;
        long requestsWithCalls;
        long calls;
        long errors;
        long timeouts;
        long retriesAfterError;
        long requestsWithRetries;
        long nPlusOneRequests;
        long dominated;
        long baseDominated;
        long affected;
        long affectedDependencyNanos;

        DependencyCalls(int sampleCapacity, long seed) {
            this.sample = new RequestSample(sampleCapacity, seed);
        }

        void add(Trace t, List<Span> spans, boolean nPlusOne, boolean baseSample, double minTimeShare, long minNanos) {
            if (route == null) {
                route = DependencyRoute.of(spans.get(0));
            }
            requestsWithCalls++;
            long union = Intervals.unionNanos(spans);
            long duration = t.durationNanos();
            long share = duration <= 0 ? 10_000 : Math.min(10_000, Math.round(10_000.0 * union / duration));
            shareOfRequestPermyriad.recordValue(share);
            List<Span> ordered = new ArrayList<>(spans);
            ordered.sort(Comparator.comparingLong(Span::startEpochNanos));
            long requestErrors = 0;
            long retries = 0;
            boolean previousFailed = false;
            for (Span s : ordered) {
                calls++;
                callMicros.recordValue(Math.max(0, s.durationNanos() / 1000));
                code.add(s);
                if (previousFailed) {
                    retries++;
                }
                previousFailed = failed(s);
                if (previousFailed) {
                    requestErrors++;
                    timeouts += timedOut(s) ? 1 : 0;
                }
            }
            errors += requestErrors;
            retriesAfterError += retries;
            requestsWithRetries += retries > 0 ? 1 : 0;
            if (nPlusOne) {
                nPlusOneRequests++; // the N+1-over-HTTP finding explains this request's time
                return;
            }
            // dominated: a large share of the request AND long enough to matter (a 2 ms call in a 3 ms request is not a bottleneck)
            boolean isDominated = share >= Math.round(minTimeShare * 10_000) && union >= minNanos;
            dominated += isDominated ? 1 : 0;
            baseDominated += isDominated && baseSample ? 1 : 0;
            if (isDominated || requestErrors > 0) {
                affected++;
                affectedDependencyNanos += union;
                affectedSharePermyriad.recordValue(share);
                affectedDurationsMicros.recordValue(Math.max(0, duration / 1000));
                sample.add(t.traceId(), union, duration);
            }
        }
    }
}
