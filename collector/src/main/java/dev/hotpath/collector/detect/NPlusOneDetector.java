package dev.hotpath.collector.detect;

import dev.hotpath.collector.CollectorConfig;
import dev.hotpath.collector.findings.Finding;
import dev.hotpath.collector.trace.Span;
import dev.hotpath.collector.trace.Trace;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * N+1 queries: in one request, at least {@code minRepeats} DB spans with the same SQL fingerprint
 * under one parent, running one after another. Occurrences are aggregated per (service, endpoint,
 * fingerprint) across requests into one finding (see {@link RepeatPatternTable}).
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

        RepeatRule rule() {
            return new RepeatRule(minRepeats, overlapToleranceNanos, maxOverlapShare);
        }
    }

    private final RepeatPatternTable table;

    public NPlusOneDetector(Settings settings) {
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

    private static String fingerprintOf(Span s) {
        return s.isDb() ? s.fingerprint() : null;
    }

    @Override
    public synchronized void onTrace(Trace trace) {
        table.add(trace, NPlusOneDetector::fingerprintOf);
    }

    /** Patterns dropped because the pattern table was full. */
    public synchronized long shedPatterns() {
        return table.shed();
    }

    @Override
    public synchronized List<Finding> findings(DetectionContext ctx) {
        List<Finding> out = new ArrayList<>();
        for (RepeatPatternTable.Entry e : table.entries()) {
            out.add(toFinding(e, ctx));
        }
        return out;
    }

    private Finding toFinding(RepeatPatternTable.Entry e, DetectionContext ctx) {
        RepeatPattern p = e.pattern();
        RepeatPattern.Assessment a = p.assess(e.key().endpoint(), e.kept(), ctx);
        String fingerprint = e.key().key();
        NPlusOneTexts.Facts facts = new NPlusOneTexts.Facts(fingerprint, p.example.statement(), p.example.dbSystem(), a);
        NPlusOneEvidence evidence = new NPlusOneEvidence(fingerprint, facts.statement(), facts.dbSystem(),
                new NPlusOneEvidence.RepeatsPerRequest(a.repeatsP50(), a.repeatsMax()),
                new NPlusOneEvidence.UnionMs(a.unionP50Ms(), a.unionP95Ms()), true, a.parentSpanName());
        FindingTexts texts = new FindingTexts(NPlusOneTexts.title(facts), NPlusOneTexts.summary(facts),
                NPlusOneTexts.confidenceRationale(facts, a.level()), NPlusOneTexts.hypothesis(facts),
                NPlusOneTexts.validation(facts), NPlusOneTexts.fix(facts), NPlusOneTexts.verification(facts));
        return texts.toFinding(KIND, fingerprint, a.measured(ctx), evidence);
    }
}
