package dev.hotpath.collector.detect;

import dev.hotpath.collector.CollectorConfig;
import dev.hotpath.collector.findings.Finding;
import dev.hotpath.collector.jfr.BlockedEvent;
import dev.hotpath.collector.jfr.Frame;
import dev.hotpath.collector.jfr.JfrEvidence;
import dev.hotpath.collector.jfr.LockFrames;
import dev.hotpath.collector.jfr.RequestWindow;
import dev.hotpath.collector.stats.EndpointKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.HdrHistogram.Histogram;

/**
 * Lock contention: JFR monitor-enter and j.u.c-lock park events on threads while they serve a request
 * (joined by thread and time to the agent's request events; a thread parked with no request, such as
 * an idle pool worker waiting for work, is not contention), grouped per endpoint by lock class and
 * first application frame. A group is a finding when at least {@code minRequests} requests waited and
 * the waits are at least {@code minTimeShare} of the endpoint's request time.
 */
public final class LockContentionDetector extends JfrDetector {

    public static final String KIND = "lock_contention";
    private static final int STACK_FRAMES = 8;

    /** Thresholds; defaults and meaning in collector/README.md. */
    public record Settings(int minRequests, double minTimeShare, int maxSampledRequests, int rememberTraces) {
        public static Settings from(CollectorConfig c) {
            return new Settings(c.jfr().lockMinRequests(), c.jfr().lockMinTimeShare(), c.maxSampledRequestsPerPattern(),
                    c.rememberCompletedTraces());
        }

        public static Settings defaults() {
            return from(CollectorConfig.builder(java.nio.file.Path.of(".")).build());
        }
    }

    private record GroupKey(EndpointKey endpoint, String lockClass, String appFunction) {
    }

    /** Waits of one group: blocked nanos per request, kinds, code locations, one example stack. */
    private static final class Group {
        final Map<RequestWindow, Double> blockedNanos = new LinkedHashMap<>();
        final Set<String> kinds = new TreeSet<>();
        final CodePointers code = new CodePointers();
        long events;
        List<Frame> exampleStack;
    }

    private final Settings settings;

    public LockContentionDetector(Settings settings) {
        this(settings, new JfrRequests.ResolvableTraces(settings.rememberTraces()));
    }

    /** With the ids of completed traces shared by every JFR detector of one collector (one copy, not four). */
    LockContentionDetector(Settings settings, JfrRequests.ResolvableTraces resolvable) {
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
        if (jfr.isEmpty()) {
            return List.of();
        }
        Map<GroupKey, Group> groups = group(jfr);
        if (groups.isEmpty()) {
            return List.of();
        }
        JfrRequests population = new JfrRequests(jfr.requests());
        Set<String> ids = resolvableTraceIds();
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<GroupKey, Group> e : groups.entrySet()) {
            List<RequestWindow> all = population.byEndpoint.getOrDefault(e.getKey().endpoint(), List.of());
            Finding f = toFinding(e.getKey(), e.getValue(), all, ids, ctx);
            if (f != null) {
                out.add(f);
            }
        }
        return out;
    }

    private static Map<GroupKey, Group> group(JfrEvidence jfr) {
        Map<GroupKey, Group> groups = new HashMap<>();
        for (BlockedEvent b : jfr.blocked()) {
            // the wait's midpoint: request windows come from the agent's nanoTime durations, lock waits from JFR
            // ticks; the two clocks can differ by ~0.1 ms (JDK 25), which must not push a wait out of its request
            RequestWindow r = jfr.requestAt(b.instance(), b.threadId(), b.startNanos() + b.durationNanos() / 2);
            if (r == null) {
                continue; // not serving a request: an idle worker or a background thread
            }
            long blocked = Math.min(b.endNanos(), r.endNanos()) - Math.max(b.startNanos(), r.startNanos());
            if (blocked <= 0) {
                continue;
            }
            Frame app = LockFrames.firstApplicationFrame(b.frames());
            GroupKey key = new GroupKey(JfrRequests.key(r), b.lockClass(), app == null ? null : app.function());
            Group g = groups.computeIfAbsent(key, k -> new Group());
            g.blockedNanos.merge(r, (double) blocked, Double::sum);
            g.kinds.add(b.kind().label);
            g.events++;
            if (app != null) {
                g.code.add(new Finding.CodePointer(app.function(), null, app.line()));
            }
            if (g.exampleStack == null) {
                g.exampleStack = b.frames();
            }
        }
        mergeWaitsWithoutAppFrame(groups);
        return groups;
    }

    /**
     * A wait whose stack has no application frame (JFR could not walk it, or it was cut) belongs to the
     * same lock's group on that endpoint that has one (the most frequent), not to a finding of its own.
     */
    private static void mergeWaitsWithoutAppFrame(Map<GroupKey, Group> groups) {
        for (GroupKey frameless : new ArrayList<>(groups.keySet())) {
            if (frameless.appFunction() != null) {
                continue;
            }
            GroupKey target = null;
            for (Map.Entry<GroupKey, Group> e : groups.entrySet()) {
                GroupKey k = e.getKey();
                if (k.appFunction() != null && k.endpoint().equals(frameless.endpoint()) && k.lockClass().equals(frameless.lockClass())
                        && (target == null || e.getValue().events > groups.get(target).events)) {
                    target = k;
                }
            }
            if (target != null) {
                Group from = groups.remove(frameless);
                Group into = groups.get(target);
                from.blockedNanos.forEach((r, nanos) -> into.blockedNanos.merge(r, nanos, Double::sum));
                into.kinds.addAll(from.kinds);
                into.events += from.events;
            }
        }
    }

    private Finding toFinding(GroupKey key, Group g, List<RequestWindow> all, Set<String> ids, DetectionContext ctx) {
        List<RequestWindow> affected = new ArrayList<>(g.blockedNanos.keySet());
        long endpointNanos = JfrRequests.totalNanos(all);
        double blockedTotal = 0;
        Histogram blockedMicros = new Histogram(3);
        Histogram sharePermyriad = new Histogram(10_000, 3);
        for (RequestWindow r : affected) {
            double b = g.blockedNanos.get(r);
            blockedTotal += b;
            blockedMicros.recordValue((long) (b / 1000));
            sharePermyriad.recordValue(Math.min(10_000, Math.round(10_000.0 * b / Math.max(1, r.durationNanos()))));
        }
        double timeShare = Numbers.ratio(blockedTotal, endpointNanos);
        if (affected.size() < settings.minRequests() || timeShare < settings.minTimeShare()) {
            return null;
        }
        List<String> exemplars = JfrRequests.exemplars(affected, g.blockedNanos, ids, settings.maxSampledRequests(),
                key.hashCode());
        if (exemplars.isEmpty()) {
            return null; // no kept trace to show: the finding could not be validated from the run directory
        }
        long requests = Math.max(all.size(), affected.size());
        double shareOfRequests = Numbers.ratio(affected.size(), requests);
        double shareOfRequestTime = sharePermyriad.getValueAtPercentile(50) / 10_000.0;
        LockContentionEvidence.Tail tail = tail(all, g.blockedNanos);
        double rho = JfrRequests.spearman(all, g.blockedNanos, settings.maxSampledRequests());
        var level = Numbers.confidence(rho, Math.min(all.size(), settings.maxSampledRequests()), shareOfRequestTime >= 0.3);
        int score = Numbers.clampScore(100 * (0.5 * timeShare + 0.3 * shareOfRequests + 0.2 * tail.blockedShareSlow()));
        List<RequestWindow> without = all.stream().filter(r -> !g.blockedNanos.containsKey(r)).toList();
        Finding.Percentiles with = Numbers.percentiles(JfrRequests.durations(affected));
        double minutes = ctx.window().minutes();
        Finding.Impact impact = new Finding.Impact(affected.size(), requests, "jfr", Numbers.round(shareOfRequests),
                Numbers.round(shareOfRequestTime), Numbers.round(blockedTotal / 1e6), Numbers.round(blockedTotal / 1e6 / minutes),
                new Finding.LatencyComparison(with, JfrRequests.percentilesOrNull(without)));
        LockContentionEvidence evidence = new LockContentionEvidence(key.lockClass(), List.copyOf(g.kinds), g.events, all.size(),
                new LockContentionEvidence.BlockedMs(Numbers.ms(blockedMicros.getValueAtPercentile(50)),
                        Numbers.ms(blockedMicros.getValueAtPercentile(95)), Numbers.ms(blockedMicros.getMaxValue())),
                new LockContentionEvidence.Shares(Numbers.round(shareOfRequestTime),
                        Numbers.round(sharePermyriad.getValueAtPercentile(95) / 10_000.0)),
                tail, stack(g.exampleStack));
        List<Finding.CodePointer> code = g.code.top();
        LockContentionTexts.Facts facts = new LockContentionTexts.Facts(key.endpoint().endpoint(), evidence,
                code.isEmpty() ? null : code.get(0), impact, Double.isNaN(rho) ? null : Numbers.round(rho), exemplars.get(0));
        FindingTexts texts = LockContentionTexts.of(facts, level);
        FindingTexts.Measured m = new FindingTexts.Measured(key.endpoint().service(), key.endpoint().endpoint(), score, level,
                facts.rho(), Numbers.window(ctx.window()), impact, exemplars, code);
        return texts.toFinding(KIND, key.lockClass() + "|" + key.appFunction(), m, evidence);
    }

    /** p50/p99 of the endpoint, and the blocked share of time in its slow (>= p90) vs fast (<= p50) requests. */
    static LockContentionEvidence.Tail tail(List<RequestWindow> all, Map<RequestWindow, Double> blocked) {
        Histogram h = JfrRequests.durations(all);
        long p50 = h.getValueAtPercentile(50);
        long p90 = h.getValueAtPercentile(90);
        double slowBlocked = 0;
        double slowTime = 0;
        double fastBlocked = 0;
        double fastTime = 0;
        for (RequestWindow r : all) {
            long micros = r.durationNanos() / 1000;
            double b = blocked.getOrDefault(r, 0.0);
            if (h.valuesAreEquivalent(micros, p90) || micros >= p90) {
                slowBlocked += b;
                slowTime += r.durationNanos();
            }
            if (micros <= p50 || h.valuesAreEquivalent(micros, p50)) {
                fastBlocked += b;
                fastTime += r.durationNanos();
            }
        }
        return new LockContentionEvidence.Tail(Numbers.ms(p50), Numbers.ms(h.getValueAtPercentile(99)), Numbers.ms(p90),
                Numbers.round(Numbers.ratio(slowBlocked, slowTime)), Numbers.round(Numbers.ratio(fastBlocked, fastTime)));
    }

    private static List<String> stack(List<Frame> frames) {
        List<String> out = new ArrayList<>();
        for (Frame f : frames) {
            out.add(f.toString());
            if (out.size() == STACK_FRAMES) {
                break;
            }
        }
        return out;
    }
}
