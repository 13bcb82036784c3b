package dev.hotpath.collector.detect;

import dev.hotpath.collector.CollectorConfig;
import dev.hotpath.collector.findings.Finding;
import dev.hotpath.collector.stats.AgentStatsReport;
import dev.hotpath.collector.stats.EndpointKey;
import dev.hotpath.collector.stats.PoolFigures;
import dev.hotpath.collector.stats.PoolSummary;
import dev.hotpath.collector.stats.PoolWindow;
import dev.hotpath.collector.stats.RouteWindow;
import dev.hotpath.collector.trace.Span;
import dev.hotpath.collector.trace.Trace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.HdrHistogram.Histogram;

/**
 * Connection pools and thread pools that run out: requests wait for a connection (acquire spans,
 * per-route waits) or for a worker (task queue wait) while the pool's samples sit at its maximum
 * with callers pending, or the pool times out or rejects. One finding per pool, on the endpoint that
 * waits most, with every waiting endpoint in the evidence, the concurrency signature, and the pool's
 * hold time by Little's law to size it.
 */
public final class PoolExhaustionDetector implements Detector {

    public static final String KIND = "pool_exhaustion";

    /** Thresholds; defaults and meaning are documented in collector/README.md. */
    public record Settings(double minSaturation, double minWaitShare, int maxSampledRequests, int maxPatterns) {
        public static Settings from(CollectorConfig c) {
            return new Settings(c.poolMinSaturation(), c.poolMinWaitShare(), c.maxSampledRequestsPerPattern(), c.maxPatterns());
        }

        public static Settings defaults() {
            return from(CollectorConfig.builder(java.nio.file.Path.of(".")).build());
        }
    }

    private record Key(EndpointKey endpoint, String pool) {
    }

    private final Settings settings;
    private final EndpointLatencies endpoints;
    private final Map<Key, Waited> waited = new LinkedHashMap<>();
    private long shed;

    public PoolExhaustionDetector(Settings settings) {
        this.settings = settings;
        this.endpoints = new EndpointLatencies(settings.maxPatterns());
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
        Map<String, Long> waitsByPool = new HashMap<>();
        for (Span s : trace.spans()) {
            PoolWaitSpan w = PoolWaitSpan.of(s);
            if (w != null) {
                waitsByPool.merge(w.key(), w.waitNanos(), Long::sum);
            }
        }
        EndpointKey ek = new EndpointKey(trace.service(), trace.endpoint());
        for (Map.Entry<String, Long> e : waitsByPool.entrySet()) {
            Key key = new Key(ek, e.getKey());
            Waited w = waited.get(key);
            if (w == null) {
                if (waited.size() >= settings.maxPatterns()) {
                    shed++;
                    continue;
                }
                w = new Waited(settings.maxSampledRequests(), key.hashCode());
                waited.put(key, w);
            }
            w.add(trace, e.getValue(), settings.minWaitShare());
        }
    }

    /** Endpoints and pools dropped because a table was full. */
    public synchronized long shedPatterns() {
        return shed;
    }

    @Override
    public synchronized List<Finding> findings(DetectionContext ctx) {
        List<RouteWindow> routeWindows = ctx.stats().routeWindows();
        Map<String, PoolWindow> poolByInterval = new HashMap<>();
        Set<String> sampledPools = new HashSet<>();
        for (PoolWindow p : ctx.stats().poolWindows()) {
            poolByInterval.put(poolKey(p.service(), p.kind(), p.name()) + "@" + p.instance() + "@" + p.startMs() + "-" + p.endMs(), p);
            sampledPools.add(poolKey(p.service(), p.kind(), p.name()));
        }
        Map<String, PoolWaits> waits = new LinkedHashMap<>();
        for (RouteWindow w : routeWindows) {
            for (AgentStatsReport.PoolWait pw : w.waits()) {
                String pool = poolKey(w.key().service(), pw.kind(), pw.pool());
                PoolWindow sampled = poolByInterval.get(pool + "@" + w.instance() + "@" + w.startMs() + "-" + w.endMs());
                waits.computeIfAbsent(pool, k -> new PoolWaits(pw.kind(), pw.pool()))
                        .add(w, pw, saturated(sampled, sampledPools.contains(pool), pw, w));
            }
        }
        Map<String, PoolSummary> summaries = new HashMap<>();
        for (PoolSummary p : PoolSummary.of(routeWindows, ctx.stats().poolWindows())) {
            summaries.put(poolKey(p.service(), p.pool().kind(), p.pool().name()), p);
        }
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<String, PoolWaits> e : waits.entrySet()) {
            Finding f = toFinding(e.getValue(), summaries.get(e.getKey()), routeWindows, ctx);
            if (f != null) {
                out.add(f);
            }
        }
        return out;
    }

    private static String poolKey(String service, String kind, String name) {
        return service + "\u0000" + kind + "\u0000" + name;
    }

    /**
     * Saturated: most samples at max. A pool that is sampled but has no sample in this interval (just
     * registered, or gone) is not; only for a pool never sampled do the waits alone decide.
     */
    private boolean saturated(PoolWindow sampled, boolean poolIsSampled, AgentStatsReport.PoolWait wait, RouteWindow w) {
        if (sampled != null && sampled.pool().samples() > 0 && sampled.pool().max() > 0) {
            return (double) sampled.pool().samplesAtMax() / sampled.pool().samples() >= settings.minSaturation();
        }
        return !poolIsSampled && Numbers.ratio(wait.totalNanos(), w.totalNanos()) >= settings.minWaitShare();
    }

    private Finding toFinding(PoolWaits pw, PoolSummary summary, List<RouteWindow> routeWindows, DetectionContext ctx) {
        PoolWaits.ByEndpoint worst = pw.worst();
        PoolFigures pool = summary.pool();
        long timeouts = pool.timeouts();
        long rejections = pool.rejections();
        double saturatedShare = Numbers.ratio(worst.saturatedWaitNanos, worst.saturatedTotalNanos);
        boolean exhausted = worst.saturatedIntervals > 0 && saturatedShare >= settings.minWaitShare();
        if (!exhausted && timeouts + rejections == 0) {
            return null;
        }
        Waited traced = waited.get(new Key(worst.endpoint, pw.kind + ":" + pw.pool));
        EndpointLatencies.Latency kept = endpoints.get(worst.endpoint);
        if (traced == null || traced.affected == 0 || kept == null) {
            return null; // no kept trace shows the wait: nothing a reader could open
        }
        EndpointLatencies.Volume volume = EndpointLatencies.volume(worst.endpoint, kept, ctx.stats(), worst.saturatedRequests);
        ConcurrencySignature signature = ConcurrencySignature.of(routeWindows, worst.endpoint, pw.kind, pw.pool);
        PoolExhaustionEvidence.Wait wait = new PoolExhaustionEvidence.Wait(pw.count(), Numbers.round(pw.waitNanos() / 1e6),
                Numbers.round(Numbers.ratio(pw.waitNanos(), pw.totalNanos())), Numbers.round(saturatedShare),
                worst.saturatedIntervals, worst.intervals);
        PoolExhaustionEvidence evidence = new PoolExhaustionEvidence(pool, wait, summary.endpoints(), signature,
                settings.minSaturation(), settings.minWaitShare());

        double endpointTimeShare = Numbers.ratio(worst.waitNanos, volume.totalNanos());
        double requestShare = Numbers.ratio(worst.saturatedRequests, volume.requests());
        double failures = Numbers.ratio(timeouts + rejections, Math.max(1, volume.requests()));
        int score = Numbers.clampScore(100 * (0.5 * Math.min(1, 2 * endpointTimeShare) + 0.3 * requestShare
                + 0.2 * Math.min(1, failures * 10)));
        double rho = traced.sample.spearman();
        boolean strong = pool.shareOfSamplesAtMax() != null && pool.shareOfSamplesAtMax() >= settings.minSaturation()
                && pool.pendingMean() != null && pool.pendingMean() > 0;
        var level = signature.showsSaturation() && strong ? dev.hotpath.collector.findings.ConfidenceLevel.HIGH
                : Numbers.confidence(rho, traced.sample.size(), strong || timeouts + rejections > 0);
        Finding.Percentiles with = Numbers.percentiles(traced.affectedDurationsMicros);
        double lostMs = pw.waitNanos() / 1e6;
        Finding.Impact impact = new Finding.Impact(worst.saturatedRequests, volume.requests(), volume.source(),
                Numbers.round(requestShare), Numbers.round(saturatedShare), Numbers.round(lostMs),
                Numbers.round(lostMs / ctx.window().minutes()),
                new Finding.LatencyComparison(with, kept.without(traced.affectedDurationsMicros)));
        List<String> exemplars = traced.sample.exemplars(with, Numbers.ms(traced.affectedDurationsMicros.getValueAtPercentile(90)));
        if (exemplars.isEmpty()) {
            return null;
        }
        var facts = new PoolExhaustionTexts.Facts(worst.endpoint.endpoint(), evidence, exemplars.get(0), volume.p95Ms(),
                Double.isNaN(rho) ? null : Numbers.round(rho), traced.sample.size(), level);
        var measured = new FindingTexts.Measured(worst.endpoint.service(), worst.endpoint.endpoint(), score, level,
                facts.spearmanRho(), Numbers.window(ctx.window()), impact, exemplars, List.of());
        return PoolExhaustionTexts.of(facts).toFinding(KIND, pw.kind + ":" + pw.pool, measured, evidence);
    }


    /** Waits for one pool by the requests of one endpoint, from kept traces (for exemplars and the with/without comparison). */
    private static final class Waited {
        final RequestSample sample;
        final Histogram affectedDurationsMicros = new Histogram(3);
        long affected;

        Waited(int capacity, long seed) {
            this.sample = new RequestSample(capacity, seed);
        }

        void add(Trace t, long waitNanos, double minWaitShare) {
            if (Numbers.ratio(waitNanos, t.durationNanos()) < minWaitShare) {
                return;
            }
            affected++;
            affectedDurationsMicros.recordValue(Math.max(0, t.durationNanos() / 1000));
            sample.add(t.traceId(), waitNanos, t.durationNanos());
        }
    }

    /** One pool's waits from the agents' per-route stats, per endpoint and interval. */
    private static final class PoolWaits {
        final String kind;
        final String pool;
        final Map<EndpointKey, ByEndpoint> byEndpoint = new LinkedHashMap<>();

        PoolWaits(String kind, String pool) {
            this.kind = kind;
            this.pool = pool;
        }

        void add(RouteWindow w, AgentStatsReport.PoolWait wait, boolean saturated) {
            ByEndpoint e = byEndpoint.computeIfAbsent(w.key(), ByEndpoint::new);
            e.intervals++;
            e.waits += wait.count();
            e.waitNanos += wait.totalNanos();
            e.totalNanos += w.totalNanos();
            e.requests += w.count();
            if (saturated) {
                e.saturatedIntervals++;
                e.saturatedWaitNanos += wait.totalNanos();
                e.saturatedTotalNanos += w.totalNanos();
                e.saturatedRequests += w.count();
            }
        }

        ByEndpoint worst() {
            return byEndpoint.values().stream().max(Comparator.comparingLong((ByEndpoint b) -> b.saturatedWaitNanos)
                    .thenComparingLong(b -> b.waitNanos)).orElseThrow();
        }

        long count() {
            return byEndpoint.values().stream().mapToLong(b -> b.waits).sum();
        }

        long waitNanos() {
            return byEndpoint.values().stream().mapToLong(b -> b.waitNanos).sum();
        }

        long totalNanos() {
            return byEndpoint.values().stream().mapToLong(b -> b.totalNanos).sum();
        }


        static final class ByEndpoint {
            final EndpointKey endpoint;
            int intervals;
            int saturatedIntervals;
            long waits;
            long waitNanos;
            long totalNanos;
            long requests;
            long saturatedWaitNanos;
            long saturatedTotalNanos;
            long saturatedRequests;

            ByEndpoint(EndpointKey endpoint) {
                this.endpoint = endpoint;
            }
        }
    }
}
