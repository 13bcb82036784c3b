package dev.hotpath.collector.detect;

import dev.hotpath.collector.CollectorConfig;
import dev.hotpath.collector.findings.Finding;
import dev.hotpath.collector.jfr.GcPause;
import dev.hotpath.collector.jfr.JfrEvidence;
import dev.hotpath.collector.jfr.RequestWindow;
import dev.hotpath.collector.stats.EndpointKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.HdrHistogram.Histogram;

/**
 * GC pauses on slow requests: stop-the-world pauses of the serving JVM overlapping an endpoint's
 * requests, compared between its slow (>= p90) and fast (<= p50) requests. A finding when at least
 * {@code gcMinRequests} slow requests were paused and pauses are at least {@code gcMinSlowPauseShare}
 * of the slow requests' time, more than in the fast ones.
 */
public final class GcPauseDetector extends JfrDetector {

    public static final String KIND = "gc_pause";

    public record Settings(int minRequests, double minSlowPauseShare, int maxSampledRequests, int rememberTraces) {
        public static Settings from(CollectorConfig c) {
            return new Settings(c.jfr().gcMinRequests(), c.jfr().gcMinSlowPauseShare(), c.maxSampledRequestsPerPattern(),
                    c.rememberCompletedTraces());
        }

        public static Settings defaults() {
            return from(CollectorConfig.builder(java.nio.file.Path.of(".")).build());
        }
    }

    private final Settings settings;

    public GcPauseDetector(Settings settings) {
        this(settings, new JfrRequests.ResolvableTraces(settings.rememberTraces()));
    }

    /** With the ids of completed traces shared by every JFR detector of one collector (one copy, not four). */
    GcPauseDetector(Settings settings, JfrRequests.ResolvableTraces resolvable) {
        super(resolvable);
        this.settings = settings;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public List<Finding> findings(DetectionContext ctx) {
        JfrEvidence jfr = ctx.jfr();
        List<GcPause> pauses = jfr.pauses();
        if (jfr.isEmpty() || pauses.isEmpty()) {
            return List.of();
        }
        Map<String, List<GcPause>> byInstance = new HashMap<>();
        for (GcPause p : pauses) {
            byInstance.computeIfAbsent(p.instance(), k -> new ArrayList<>()).add(p);
        }
        byInstance.values().forEach(l -> l.sort(Comparator.comparingLong(GcPause::startNanos)));
        Set<String> ids = resolvableTraceIds();
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<EndpointKey, List<RequestWindow>> e : new JfrRequests(jfr.requests()).byEndpoint.entrySet()) {
            Finding f = assess(e.getKey(), e.getValue(), byInstance, ids, ctx);
            if (f != null) {
                out.add(f);
            }
        }
        return out;
    }

    private Finding assess(EndpointKey key, List<RequestWindow> all, Map<String, List<GcPause>> byInstance, Set<String> ids,
                           DetectionContext ctx) {
        Map<RequestWindow, Double> paused = new LinkedHashMap<>();
        Set<GcPause> seen = new java.util.HashSet<>();
        Set<String> names = new TreeSet<>();
        for (RequestWindow r : all) {
            double overlap = 0;
            for (GcPause p : byInstance.getOrDefault(r.instance(), List.of())) {
                if (p.startNanos() >= r.endNanos()) {
                    break;
                }
                long o = Math.min(p.endNanos(), r.endNanos()) - Math.max(p.startNanos(), r.startNanos());
                if (o > 0) {
                    overlap += o;
                    seen.add(p);
                    if (p.name() != null) {
                        names.add(p.name());
                    }
                }
            }
            if (overlap > 0) {
                paused.put(r, overlap);
            }
        }
        if (paused.isEmpty()) {
            return null;
        }
        Histogram h = JfrRequests.durations(all);
        long p50 = h.getValueAtPercentile(50);
        long p90 = h.getValueAtPercentile(90);
        List<RequestWindow> slow = all.stream().filter(r -> r.durationNanos() / 1000 >= p90 || h.valuesAreEquivalent(r.durationNanos() / 1000, p90)).toList();
        List<RequestWindow> fast = all.stream().filter(r -> r.durationNanos() / 1000 <= p50 || h.valuesAreEquivalent(r.durationNanos() / 1000, p50)).toList();
        GcPauseEvidence.Group slowGroup = group(slow, paused);
        GcPauseEvidence.Group fastGroup = group(fast, paused);
        long slowPaused = slow.stream().filter(paused::containsKey).count();
        if (slowPaused < settings.minRequests() || slowGroup.pauseShareOfTime() < settings.minSlowPauseShare()
                || slowGroup.pauseShareOfTime() <= fastGroup.pauseShareOfTime()) {
            return null;
        }
        List<RequestWindow> affected = new ArrayList<>(paused.keySet());
        List<String> exemplars = JfrRequests.exemplars(affected, paused, ids, settings.maxSampledRequests(), key.hashCode());
        if (exemplars.isEmpty()) {
            return null;
        }
        double pauseInRequests = paused.values().stream().mapToDouble(Double::doubleValue).sum();
        Histogram share = new Histogram(10_000, 3);
        for (RequestWindow r : affected) {
            share.recordValue(Math.min(10_000, Math.round(10_000.0 * paused.get(r) / Math.max(1, r.durationNanos()))));
        }
        double shareOfRequests = Numbers.ratio(affected.size(), all.size());
        double shareOfRequestTime = share.getValueAtPercentile(50) / 10_000.0;
        double timeShare = Numbers.ratio(pauseInRequests, JfrRequests.totalNanos(all));
        double rho = JfrRequests.spearman(all, paused, settings.maxSampledRequests());
        var level = Numbers.confidence(rho, Math.min(all.size(), settings.maxSampledRequests()), slowGroup.shareWithPause() >= 0.5);
        int score = Numbers.clampScore(100 * (0.5 * timeShare + 0.3 * shareOfRequests + 0.2 * slowGroup.pauseShareOfTime()));
        long pauseTotal = 0;
        long longest = 0;
        for (GcPause p : seen) {
            pauseTotal += p.durationNanos();
            longest = Math.max(longest, p.durationNanos());
        }
        List<RequestWindow> without = all.stream().filter(r -> !paused.containsKey(r)).toList();
        Finding.Impact impact = new Finding.Impact(affected.size(), all.size(), "jfr", Numbers.round(shareOfRequests),
                Numbers.round(shareOfRequestTime), Numbers.round(pauseInRequests / 1e6),
                Numbers.round(pauseInRequests / 1e6 / ctx.window().minutes()),
                new Finding.LatencyComparison(Numbers.percentiles(JfrRequests.durations(affected)), JfrRequests.percentilesOrNull(without)));
        GcPauseEvidence evidence = new GcPauseEvidence(seen.size(), Numbers.round(pauseTotal / 1e6), Numbers.round(longest / 1e6),
                all.size(), Numbers.ms(p90), slowGroup, fastGroup, List.copyOf(names));
        GcPauseTexts.Facts facts = new GcPauseTexts.Facts(key.endpoint(), evidence, impact, Numbers.ms(p50),
                Numbers.ms(h.getValueAtPercentile(99)), exemplars.get(0));
        FindingTexts texts = GcPauseTexts.of(facts, level, Double.isNaN(rho) ? null : Numbers.round(rho));
        FindingTexts.Measured m = new FindingTexts.Measured(key.service(), key.endpoint(), score, level,
                Double.isNaN(rho) ? null : Numbers.round(rho), Numbers.window(ctx.window()), impact, exemplars, List.of());
        return texts.toFinding(KIND, "gc", m, evidence);
    }

    private static GcPauseEvidence.Group group(List<RequestWindow> requests, Map<RequestWindow, Double> paused) {
        long with = 0;
        double pause = 0;
        double time = 0;
        for (RequestWindow r : requests) {
            Double p = paused.get(r);
            if (p != null) {
                with++;
                pause += p;
            }
            time += r.durationNanos();
        }
        return new GcPauseEvidence.Group(requests.size(), Numbers.round(Numbers.ratio(with, requests.size())),
                Numbers.round(Numbers.ratio(pause, time)));
    }
}
