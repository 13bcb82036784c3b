package dev.hotpath.collector.detect;

import dev.hotpath.collector.CollectorConfig;
import dev.hotpath.collector.findings.Finding;
import dev.hotpath.collector.jfr.CpuSample;
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
import org.HdrHistogram.Histogram;

/**
 * CPU hot methods per slow endpoint: JFR execution samples joined by thread and time to the requests the
 * agent's request events report. An endpoint is a finding when its slower half of requests (>= p50) is
 * mostly on CPU (estimated on-CPU time >= {@code minOnCpuShare} of their time) and one application frame
 * (the first application frame from the leaf) has at least {@code minFrameShare} of those samples.
 * Requests that sleep or wait are not sampled (the JDK samples threads running Java code only), so
 * waiting endpoints stay below the on-CPU threshold.
 */
public final class CpuHotspotDetector extends JfrDetector {

    public static final String KIND = "cpu_hotspot";
    private static final String NO_APP_FRAME = "(no application frame)";
    private static final int TOP = 5;
    private static final int STACK_FRAMES = 12;

    public record Settings(int samplePeriodMs, int minRequests, int minSamples, double minOnCpuShare, double minFrameShare,
                           int maxSampledRequests, int rememberTraces) {
        public static Settings from(CollectorConfig c) {
            return new Settings(c.jfr().cpuSamplePeriodMs(), c.jfr().cpuMinRequests(), c.jfr().cpuMinSamples(),
                    c.jfr().cpuMinOnCpuShare(), c.jfr().cpuMinFrameShare(), c.maxSampledRequestsPerPattern(),
                    c.rememberCompletedTraces());
        }

        public static Settings defaults() {
            return from(CollectorConfig.builder(java.nio.file.Path.of(".")).build());
        }
    }

    /** The samples of one request: how many, and how many per first application frame. */
    private static final class RequestSamples {
        long samples;
        final Map<String, Long> byAppFrame = new HashMap<>();
    }

    /** One endpoint's joined samples. */
    private static final class EndpointSamples {
        final Map<RequestWindow, RequestSamples> perRequest = new HashMap<>();
        final List<CpuSample> samples = new ArrayList<>();
        final Map<CpuSample, RequestWindow> requestOf = new java.util.IdentityHashMap<>();
    }

    private final Settings settings;

    public CpuHotspotDetector(Settings settings) {
        this(settings, new JfrRequests.ResolvableTraces(settings.rememberTraces()));
    }

    /** With the ids of completed traces shared by every JFR detector of one collector (one copy, not four). */
    CpuHotspotDetector(Settings settings, JfrRequests.ResolvableTraces resolvable) {
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
        Map<EndpointKey, EndpointSamples> joined = new HashMap<>();
        for (CpuSample s : jfr.samples()) {
            RequestWindow r = jfr.requestAt(s.instance(), s.threadId(), s.timeNanos());
            if (r == null) {
                continue; // not serving a request: a background thread, the JIT's victims, an idle worker
            }
            EndpointSamples e = joined.computeIfAbsent(JfrRequests.key(r), k -> new EndpointSamples());
            RequestSamples rs = e.perRequest.computeIfAbsent(r, k -> new RequestSamples());
            rs.samples++;
            rs.byAppFrame.merge(appFrame(s.frames()), 1L, Long::sum);
            e.samples.add(s);
            e.requestOf.put(s, r);
        }
        if (joined.isEmpty()) {
            return List.of();
        }
        Set<String> ids = resolvableTraceIds();
        double periodMs = effectivePeriodMs(joined.values());
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<EndpointKey, List<RequestWindow>> e : new JfrRequests(jfr.requests()).byEndpoint.entrySet()) {
            EndpointSamples samples = joined.get(e.getKey());
            if (samples != null) {
                Finding f = assess(e.getKey(), e.getValue(), samples, periodMs, ids, ctx);
                if (f != null) {
                    out.add(f);
                }
            }
        }
        return out;
    }

    /**
     * What one sample stands for. The configured period, unless the sampler ran slower (a busy host starves
     * JFR's sampler thread): then the median gap between consecutive samples of one request's thread, at most
     * 4x the configured period (gaps across waits within a request would otherwise inflate it).
     */
    double effectivePeriodMs(java.util.Collection<EndpointSamples> endpoints) {
        Map<RequestWindow, List<Long>> times = new HashMap<>();
        for (EndpointSamples e : endpoints) {
            for (CpuSample s : e.samples) {
                RequestWindow r = e.requestOf.get(s);
                times.computeIfAbsent(r, k -> new ArrayList<>()).add(s.timeNanos());
            }
        }
        Histogram gaps = new Histogram(3);
        for (List<Long> t : times.values()) {
            t.sort(null);
            for (int i = 1; i < t.size(); i++) {
                gaps.recordValue(Math.max(0, (t.get(i) - t.get(i - 1)) / 1000));
            }
        }
        double configured = settings.samplePeriodMs();
        if (gaps.getTotalCount() < settings.minSamples()) {
            return configured;
        }
        double median = gaps.getValueAtPercentile(50) / 1000.0;
        return Math.max(configured, Math.min(4 * configured, median));
    }

    private Finding assess(EndpointKey key, List<RequestWindow> all, EndpointSamples joined, double periodMs, Set<String> ids,
                           DetectionContext ctx) {
        Histogram h = JfrRequests.durations(all);
        long p50 = h.getValueAtPercentile(50);
        double period = periodMs * 1e6;
        long slowCount = 0;
        long slowSampled = 0;
        long slowSamples = 0;
        double slowTime = 0;
        long fastSamples = 0;
        double fastTime = 0;
        Map<String, Long> slowByFrame = new HashMap<>();
        for (RequestWindow r : all) {
            RequestSamples rs = joined.perRequest.get(r);
            long n = rs == null ? 0 : rs.samples;
            long micros = r.durationNanos() / 1000;
            if (micros >= p50 || h.valuesAreEquivalent(micros, p50)) {
                slowCount++;
                slowTime += r.durationNanos();
                slowSamples += n;
                if (rs != null) {
                    slowSampled++;
                    rs.byAppFrame.forEach((frame, c) -> slowByFrame.merge(frame, c, Long::sum));
                }
            } else {
                fastTime += r.durationNanos();
                fastSamples += n;
            }
        }
        double onCpuSlow = Numbers.ratio(slowSamples * period, slowTime);
        List<CpuHotspotEvidence.FrameSamples> topFrames = top(slowByFrame, slowSamples);
        String hot = topFrames.stream().map(CpuHotspotEvidence.FrameSamples::frame).filter(f -> !NO_APP_FRAME.equals(f))
                .findFirst().orElse(null);
        if (hot == null || slowSampled < settings.minRequests() || slowSamples < settings.minSamples()
                || onCpuSlow < settings.minOnCpuShare()) {
            return null;
        }
        double frameShare = Numbers.ratio(slowByFrame.get(hot), slowSamples);
        if (frameShare < settings.minFrameShare()) {
            return null;
        }
        Map<RequestWindow, Double> cpuInFrame = new LinkedHashMap<>();
        for (Map.Entry<RequestWindow, RequestSamples> e : joined.perRequest.entrySet()) {
            Long n = e.getValue().byAppFrame.get(hot);
            if (n != null) {
                cpuInFrame.put(e.getKey(), Math.min(e.getKey().durationNanos(), n * period));
            }
        }
        List<RequestWindow> affected = new ArrayList<>(cpuInFrame.keySet());
        List<String> exemplars = JfrRequests.exemplars(affected, cpuInFrame, ids, settings.maxSampledRequests(), key.hashCode());
        if (exemplars.isEmpty()) {
            return null; // no kept trace to show
        }
        double cpuTotal = cpuInFrame.values().stream().mapToDouble(Double::doubleValue).sum();
        Histogram share = new Histogram(10_000, 3);
        for (RequestWindow r : affected) {
            share.recordValue(Math.min(10_000, Math.round(10_000.0 * cpuInFrame.get(r) / Math.max(1, r.durationNanos()))));
        }
        double shareOfRequests = Numbers.ratio(affected.size(), all.size());
        double timeShare = Numbers.ratio(cpuTotal, JfrRequests.totalNanos(all));
        double rho = JfrRequests.spearman(all, cpuInFrame, settings.maxSampledRequests());
        var level = Numbers.confidence(rho, Math.min(all.size(), settings.maxSampledRequests()), onCpuSlow * frameShare >= 0.5);
        int score = Numbers.clampScore(100 * (0.5 * timeShare + 0.3 * shareOfRequests + 0.2 * onCpuSlow));
        CodePointers code = new CodePointers();
        List<String> stack = null;
        Map<String, Long> leaves = new HashMap<>();
        for (CpuSample s : joined.samples) {
            Frame app = LockFrames.firstApplicationFrame(s.frames());
            if (app != null && app.function().equals(hot)) {
                code.add(new Finding.CodePointer(app.function(), null, app.line()));
                leaves.merge(s.frames().get(0).function(), 1L, Long::sum);
                if (stack == null) {
                    stack = s.frames().stream().limit(STACK_FRAMES).map(Frame::toString).toList();
                }
            }
        }
        List<RequestWindow> without = all.stream().filter(r -> !cpuInFrame.containsKey(r)).toList();
        Finding.Impact impact = new Finding.Impact(affected.size(), all.size(), "jfr", Numbers.round(shareOfRequests),
                Numbers.round(Math.min(1, share.getValueAtPercentile(50) / 10_000.0)), Numbers.round(cpuTotal / 1e6),
                Numbers.round(cpuTotal / 1e6 / ctx.window().minutes()),
                new Finding.LatencyComparison(Numbers.percentiles(JfrRequests.durations(affected)), JfrRequests.percentilesOrNull(without)));
        CpuHotspotEvidence evidence = new CpuHotspotEvidence(hot, Numbers.round(periodMs), all.size(), Numbers.ms(p50), slowCount,
                slowSampled, slowSamples, Numbers.round(frameShare), Numbers.round(onCpuSlow),
                Numbers.round(Numbers.ratio(fastSamples * period, fastTime)), topFrames,
                top(leaves, leaves.values().stream().mapToLong(Long::longValue).sum()), stack == null ? List.of() : stack);
        List<Finding.CodePointer> pointers = code.top();
        Double roundedRho = Double.isNaN(rho) ? null : Numbers.round(rho);
        CpuHotspotTexts.Facts facts = new CpuHotspotTexts.Facts(key.endpoint(), evidence, pointers.isEmpty() ? null : pointers.get(0),
                impact, Numbers.ms(p50), Numbers.ms(h.getValueAtPercentile(99)), exemplars.get(0));
        FindingTexts texts = CpuHotspotTexts.of(facts, level, roundedRho);
        FindingTexts.Measured m = new FindingTexts.Measured(key.service(), key.endpoint(), score, level, roundedRho,
                Numbers.window(ctx.window()), impact, exemplars, pointers);
        return texts.toFinding(KIND, hot, m, evidence);
    }

    private static List<CpuHotspotEvidence.FrameSamples> top(Map<String, Long> counts, long total) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry::getKey))
                .limit(TOP)
                .map(e -> new CpuHotspotEvidence.FrameSamples(e.getKey(), e.getValue(), Numbers.round(Numbers.ratio(e.getValue(), total))))
                .toList();
    }

    private static String appFrame(List<Frame> frames) {
        Frame f = LockFrames.firstApplicationFrame(frames);
        return f == null ? NO_APP_FRAME : f.function();
    }
}
