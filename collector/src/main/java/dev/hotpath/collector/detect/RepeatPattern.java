package dev.hotpath.collector.detect;

import dev.hotpath.collector.findings.ConfidenceLevel;
import dev.hotpath.collector.findings.Finding;
import dev.hotpath.collector.stats.EndpointKey;
import dev.hotpath.collector.trace.Span;
import dev.hotpath.collector.trace.Trace;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * The occurrences of one repeated call (one SQL fingerprint, one HTTP dependency route) on one
 * endpoint, aggregated across requests with bounded state: exact histograms for the distributions,
 * a fixed-size request sample for correlation and exemplars. {@link #assess} turns it into the
 * numbers every N+1 finding reports, whatever is repeated.
 */
final class RepeatPattern {
    final Histogram durationsMicros = new Histogram(3);
    final Histogram unionMicros = new Histogram(3);
    final Histogram repeats = new Histogram(3);
    final Histogram shareOfRequestPermyriad = new Histogram(10_000, 3);
    final RequestSample sample;
    final CodePointers code = new CodePointers();
    long affected;
    long unionNanosSum;
    long timeLostNanosSum;
    long maxRepeats;
    Span example;
    String parentSpanName;

    RepeatPattern(int sampleCapacity, long seed) {
        this.sample = new RequestSample(sampleCapacity, seed);
    }

    void add(Trace t, RepeatRule.Repeated r) {
        affected++;
        int n = r.repeats();
        long duration = t.durationNanos();
        durationsMicros.recordValue(Math.max(0, duration / 1000));
        unionMicros.recordValue(Math.max(0, r.unionNanos() / 1000));
        repeats.recordValue(n);
        long share = duration <= 0 ? 10_000 : Math.min(10_000, Math.round(10_000.0 * r.unionNanos() / duration));
        shareOfRequestPermyriad.recordValue(share);
        unionNanosSum += r.unionNanos();
        // one batched call would still take roughly one repeat's time
        timeLostNanosSum += r.unionNanos() * (n - 1) / n;
        maxRepeats = Math.max(maxRepeats, n);
        if (example == null) {
            example = r.first();
        }
        if (parentSpanName == null) {
            parentSpanName = r.parentSpanName();
        }
        sample.add(t.traceId(), n, duration);
        for (Span s : r.spans()) {
            code.add(s);
        }
    }

    /** The numbers of an N+1 finding: impact, latency with/without, confidence, score, exemplars. */
    record Assessment(String service, dev.hotpath.collector.trace.Endpoint endpoint, EndpointLatencies.Volume volume,
                      long affected, double shareOfRequests, double shareOfRequestTime, double endpointTimeShare,
                      long repeatsP50, long repeatsMax, double unionP50Ms, double unionP95Ms, double totalTimeLostMs,
                      Finding.Percentiles withPattern, Finding.Percentiles withoutPattern, Double spearmanRho,
                      int sampledRequests, ConfidenceLevel level, int score, List<String> exemplars,
                      List<Finding.CodePointer> codePointers, Double targetP95Ms, String parentSpanName) {

        String exemplarTraceId() {
            return exemplars.isEmpty() ? null : exemplars.get(0);
        }

        Finding.CodePointer code() {
            return codePointers.isEmpty() ? null : codePointers.get(0);
        }

        Double endpointP95Ms() {
            return volume.p95Ms();
        }

        long endpointRequests() {
            return volume.requests();
        }

        FindingTexts.Measured measured(DetectionContext ctx) {
            return new FindingTexts.Measured(service, endpoint, score, level, spearmanRho, Numbers.window(ctx.window()),
                    impact(ctx.window().minutes()), exemplars, codePointers);
        }

        Finding.Impact impact(double windowMinutes) {
            return new Finding.Impact(affected, volume.requests(), volume.source(), Numbers.round(shareOfRequests),
                    Numbers.round(shareOfRequestTime), Numbers.round(totalTimeLostMs),
                    Numbers.round(totalTimeLostMs / windowMinutes), new Finding.LatencyComparison(withPattern, withoutPattern));
        }
    }

    Assessment assess(EndpointKey ek, EndpointLatencies.Latency kept, DetectionContext ctx) {
        EndpointLatencies.Volume volume = EndpointLatencies.volume(ek, kept, ctx.stats(), affected);
        double shareOfRequests = Numbers.ratio(affected, volume.requests());
        double shareOfRequestTime = shareOfRequestPermyriad.getValueAtPercentile(50) / 10_000.0;
        double endpointTimeShare = Numbers.ratio(unionNanosSum, volume.totalNanos());
        long repeatsP50 = repeats.getValueAtPercentile(50);
        Finding.Percentiles with = Numbers.percentiles(durationsMicros);
        double rho = sample.spearman();
        ConfidenceLevel level = Numbers.confidence(rho, sample.size(), repeatsP50 >= 10);
        double repeatFactor = Math.min(1.0, Math.log10(Math.max(1, repeatsP50)) / 2.0);
        int score = Numbers.clampScore(100 * (0.5 * endpointTimeShare + 0.3 * shareOfRequests + 0.2 * repeatFactor));
        Double targetP95 = volume.p95Ms() == null ? null : Numbers.round(volume.p95Ms() * (1 - shareOfRequestTime));
        return new Assessment(ek.service(), ek.endpoint(), volume, affected, shareOfRequests, shareOfRequestTime,
                endpointTimeShare, repeatsP50, maxRepeats, Numbers.ms(unionMicros.getValueAtPercentile(50)),
                Numbers.ms(unionMicros.getValueAtPercentile(95)), timeLostNanosSum / 1e6, with, kept.without(durationsMicros),
                Double.isNaN(rho) ? null : Numbers.round(rho), sample.size(), level, score,
                sample.exemplars(with, Numbers.ms(durationsMicros.getValueAtPercentile(90))), code.top(), targetP95,
                parentSpanName);
    }
}
