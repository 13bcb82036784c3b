package dev.hotpath.collector.detect;

import dev.hotpath.collector.CollectorConfig;
import dev.hotpath.collector.findings.Finding;
import dev.hotpath.collector.jfr.Frame;
import dev.hotpath.collector.jfr.JfrEvidence;
import dev.hotpath.collector.jfr.LockFrames;
import dev.hotpath.collector.jfr.PinnedEvent;
import dev.hotpath.collector.jfr.RequestWindow;
import dev.hotpath.collector.stats.EndpointKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.HdrHistogram.Histogram;

/**
 * Virtual-thread pinning (JDK 21+): {@code jdk.VirtualThreadPinned} events on virtual threads while they serve
 * a request (joined by thread and the pin's midpoint, as lock waits are), grouped per endpoint by the first
 * application frame of the pinned stack. A group with at least {@code minRequests} pinned requests is a finding.
 */
public final class VirtualThreadPinningDetector extends JfrDetector {

    public static final String KIND = "virtual_thread_pinning";
    private static final int STACK_FRAMES = 12;

    public record Settings(int minRequests, int maxSampledRequests, int rememberTraces) {
        public static Settings from(CollectorConfig c) {
            return new Settings(c.jfr().pinMinRequests(), c.maxSampledRequestsPerPattern(), c.rememberCompletedTraces());
        }

        public static Settings defaults() {
            return from(CollectorConfig.builder(java.nio.file.Path.of(".")).build());
        }
    }

    private record GroupKey(EndpointKey endpoint, String frame) {
    }

    private static final class Group {
        final Map<RequestWindow, Double> pinnedNanos = new LinkedHashMap<>();
        long events;
        List<Frame> exampleStack;
    }

    private final Settings settings;

    public VirtualThreadPinningDetector(Settings settings) {
        this(settings, new JfrRequests.ResolvableTraces(settings.rememberTraces()));
    }

    /** With the ids of completed traces shared by every JFR detector of one collector (one copy, not four). */
    VirtualThreadPinningDetector(Settings settings, JfrRequests.ResolvableTraces resolvable) {
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
        List<PinnedEvent> pins = jfr.pinned();
        if (jfr.isEmpty() || pins.isEmpty()) {
            return List.of();
        }
        Map<GroupKey, Group> groups = new HashMap<>();
        for (PinnedEvent p : pins) {
            RequestWindow r = jfr.requestAt(p.instance(), p.threadId(), p.startNanos() + p.durationNanos() / 2);
            if (r == null) {
                continue;
            }
            long pinned = Math.min(p.endNanos(), r.endNanos()) - Math.max(p.startNanos(), r.startNanos());
            if (pinned <= 0) {
                continue;
            }
            Frame app = LockFrames.firstApplicationFrame(p.frames());
            Group g = groups.computeIfAbsent(new GroupKey(JfrRequests.key(r), app == null ? null : app.function()), k -> new Group());
            g.pinnedNanos.merge(r, (double) pinned, Double::sum);
            g.events++;
            if (g.exampleStack == null) {
                g.exampleStack = p.frames();
            }
        }
        JfrRequests population = new JfrRequests(jfr.requests());
        Set<String> ids = resolvableTraceIds();
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<GroupKey, Group> e : groups.entrySet()) {
            Finding f = toFinding(e.getKey(), e.getValue(), population.byEndpoint.getOrDefault(e.getKey().endpoint(), List.of()), ids, ctx);
            if (f != null) {
                out.add(f);
            }
        }
        return out;
    }

    private Finding toFinding(GroupKey key, Group g, List<RequestWindow> all, Set<String> ids, DetectionContext ctx) {
        List<RequestWindow> affected = new ArrayList<>(g.pinnedNanos.keySet());
        if (affected.size() < settings.minRequests()) {
            return null;
        }
        List<String> exemplars = JfrRequests.exemplars(affected, g.pinnedNanos, ids, settings.maxSampledRequests(), key.hashCode());
        if (exemplars.isEmpty()) {
            return null;
        }
        double pinnedTotal = 0;
        Histogram pinnedMicros = new Histogram(3);
        Histogram share = new Histogram(10_000, 3);
        for (RequestWindow r : affected) {
            double p = g.pinnedNanos.get(r);
            pinnedTotal += p;
            pinnedMicros.recordValue((long) (p / 1000));
            share.recordValue(Math.min(10_000, Math.round(10_000.0 * p / Math.max(1, r.durationNanos()))));
        }
        long requests = Math.max(all.size(), affected.size());
        double shareOfRequests = Numbers.ratio(affected.size(), requests);
        double shareOfRequestTime = Math.min(1, share.getValueAtPercentile(50) / 10_000.0); // the histogram rounds up
        double timeShare = Numbers.ratio(pinnedTotal, JfrRequests.totalNanos(all));
        double rho = JfrRequests.spearman(all, g.pinnedNanos, settings.maxSampledRequests());
        var level = Numbers.confidence(rho, Math.min(all.size(), settings.maxSampledRequests()), shareOfRequestTime >= 0.3);
        int score = Numbers.clampScore(100 * (0.5 * timeShare + 0.3 * shareOfRequests + 0.2 * shareOfRequestTime));
        List<RequestWindow> without = all.stream().filter(r -> !g.pinnedNanos.containsKey(r)).toList();
        Finding.Impact impact = new Finding.Impact(affected.size(), requests, "jfr", Numbers.round(shareOfRequests),
                Numbers.round(shareOfRequestTime), Numbers.round(pinnedTotal / 1e6), Numbers.round(pinnedTotal / 1e6 / ctx.window().minutes()),
                new Finding.LatencyComparison(Numbers.percentiles(JfrRequests.durations(affected)), JfrRequests.percentilesOrNull(without)));
        VirtualThreadPinningEvidence evidence = new VirtualThreadPinningEvidence(key.frame(), g.events, all.size(),
                Numbers.round(pinnedTotal / 1e6), new VirtualThreadPinningEvidence.PinnedMs(Numbers.ms(pinnedMicros.getValueAtPercentile(50)),
                Numbers.ms(pinnedMicros.getValueAtPercentile(95)), Numbers.ms(pinnedMicros.getMaxValue())),
                g.exampleStack.stream().limit(STACK_FRAMES).map(Frame::toString).toList());
        Frame app = LockFrames.firstApplicationFrame(g.exampleStack);
        List<Finding.CodePointer> code = app == null ? List.of() : List.of(new Finding.CodePointer(app.function(), null, app.line()));
        Double roundedRho = Double.isNaN(rho) ? null : Numbers.round(rho);
        FindingTexts texts = VirtualThreadPinningTexts.of(new VirtualThreadPinningTexts.Facts(key.endpoint().endpoint(), evidence, impact,
                exemplars.get(0)), level, roundedRho);
        FindingTexts.Measured m = new FindingTexts.Measured(key.endpoint().service(), key.endpoint().endpoint(), score, level, roundedRho,
                Numbers.window(ctx.window()), impact, exemplars, code);
        return texts.toFinding(KIND, String.valueOf(key.frame()), m, evidence);
    }
}
