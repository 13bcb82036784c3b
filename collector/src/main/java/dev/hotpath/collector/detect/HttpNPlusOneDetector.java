package dev.hotpath.collector.detect;

import dev.hotpath.collector.CollectorConfig;
import dev.hotpath.collector.findings.Finding;
import dev.hotpath.collector.trace.Trace;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * N+1 over HTTP: in one request, at least {@code minRepeats} {@code http.client} spans to the same
 * dependency route ({@link DependencyRoute}) under one parent, one after another. Same rule and
 * aggregation as the SQL N+1 ({@link RepeatRule}, {@link RepeatPatternTable}); the key is the route.
 */
public final class HttpNPlusOneDetector implements Detector {

    public static final String KIND = "n_plus_one_http";

    /** Thresholds; defaults and meaning are documented in collector/README.md. */
    public record Settings(RepeatRule rule, int maxSampledRequestsPerPattern, int maxPatterns) {
        public static Settings from(CollectorConfig c) {
            return new Settings(new RepeatRule(c.httpNPlusOneMinRepeats(), c.nPlusOneOverlapTolerance().toNanos(),
                    c.nPlusOneMaxOverlapShare()), c.maxSampledRequestsPerPattern(), c.maxPatterns());
        }

        public static Settings defaults() {
            return from(CollectorConfig.builder(java.nio.file.Path.of(".")).build());
        }
    }

    private final RepeatPatternTable table;

    public HttpNPlusOneDetector(Settings settings) {
        this.table = new RepeatPatternTable(settings.rule(), settings.maxPatterns(), settings.maxSampledRequestsPerPattern());
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
        table.add(trace, DependencyRoute::keyOf);
    }

    @Override
    public synchronized List<Finding> findings(DetectionContext ctx) {
        List<Finding> out = new ArrayList<>();
        for (RepeatPatternTable.Entry e : table.entries()) {
            RepeatPattern.Assessment a = e.pattern().assess(e.key().endpoint(), e.kept(), ctx);
            DependencyRoute route = DependencyRoute.of(e.pattern().example);
            HttpNPlusOneEvidence evidence = new HttpNPlusOneEvidence(route,
                    new NPlusOneEvidence.RepeatsPerRequest(a.repeatsP50(), a.repeatsMax()),
                    new NPlusOneEvidence.UnionMs(a.unionP50Ms(), a.unionP95Ms()), true, a.parentSpanName());
            out.add(HttpNPlusOneTexts.of(route, a).toFinding(KIND, route.toString(), a.measured(ctx), evidence));
        }
        return out;
    }
}
