package dev.hotpath.analyzer.sections;

import dev.hotpath.analyzer.analysis.EndpointTimeLost;
import dev.hotpath.analyzer.analysis.RunAnalysis;
import dev.hotpath.analyzer.report.Fmt;
import dev.hotpath.analyzer.run.Finding;
import java.util.Locale;

/** The playbook's one-sentence bottleneck statement, from the top finding (or the heaviest endpoint when none). */
public final class BottleneckStatement {
    private BottleneckStatement() {
    }

    public static String of(RunAnalysis a) {
        double allMs = a.run().totalMs();
        if (!a.run().findings().isEmpty()) {
            Finding f = a.run().findings().get(0);
            String what = switch (f.kind()) {
                case "n_plus_one" -> String.format(Locale.ROOT, "an N+1 query on %s: %s runs %d times per request (p50, max %d)%s",
                        f.endpointName(), Fmt.code(Fmt.truncate(f.statement(), 80)),
                        f.evidence().path("repeatsPerRequest").path("p50").asInt(),
                        f.evidence().path("repeatsPerRequest").path("max").asInt(),
                        f.codePointers().isEmpty() ? "" : " from " + Fmt.code(f.codePointers().get(0).toString()));
                case "pool_exhaustion" -> String.format(Locale.ROOT, "%s pool %s (max %s) running out on %s",
                        f.evidence().at("/pool/kind").asText(), Fmt.code(f.evidence().at("/pool/name").asText()),
                        f.evidence().at("/pool/maxSize").isNumber() ? f.evidence().at("/pool/maxSize").asText() : "unknown",
                        f.endpointName());
                case "lock_contention" -> String.format(Locale.ROOT, "lock contention on %s: requests wait for %s%s",
                        f.endpointName(), Fmt.code(f.evidence().path("lockClass").asText("a lock")),
                        f.codePointers().isEmpty() ? "" : " at " + Fmt.code(f.codePointers().get(0).toString()));
                case "gc_pause" -> String.format(Locale.ROOT, "GC pauses on the slow requests of %s (%s of their time is stop-the-world)",
                        f.endpointName(), Fmt.share(f.evidence().at("/slow/pauseShareOfTime").asDouble()));
                case "cpu_hotspot" -> String.format(Locale.ROOT, "CPU-bound work on %s in %s (%s of its slow requests' execution samples)",
                        f.endpointName(), Fmt.code(f.evidence().path("frame").asText()),
                        Fmt.share(f.evidence().path("frameShareOfSamples").asDouble()));
                case "virtual_thread_pinning" -> String.format(Locale.ROOT, "virtual threads pinned to their carriers on %s at %s",
                        f.endpointName(), Fmt.code(f.evidence().path("frame").asText("JDK code")));
                default -> f.title() + " on " + f.endpointName();
            };
            return String.format(Locale.ROOT, "The primary bottleneck is %s; it takes %s of the request time of %s of that endpoint's "
                            + "requests and cost %s of user time in the run (%s of all request time; score %d, %s, confidence %s).",
                    what, Fmt.share(f.shareOfRequestTime()), Fmt.share(f.shareOfRequests()), Fmt.ms(f.totalTimeLostMs()),
                    allMs > 0 ? Fmt.share(f.totalTimeLostMs() / allMs) : "n/a", f.score(), f.severity(), f.confidence());
        }
        if (a.timeLost().isEmpty()) {
            return "No bottleneck can be stated: the run directory holds no endpoint statistics and no findings.";
        }
        EndpointTimeLost top = a.timeLost().get(0);
        if (a.breachedCount() > 0) {
            return String.format(Locale.ROOT, "No detector signature was found, but SLOs are breached; the largest consumer of time is %s "
                            + "(%s of all request time, p95 %s), and its cause is not identified yet (see the hypotheses).",
                    top.endpoint().name(), Fmt.share(top.share()), Fmt.ms(top.endpoint().p95Ms()));
        }
        return String.format(Locale.ROOT, "No bottleneck was detected at this load: every SLO is met and no detector fired; the largest "
                        + "consumer of time is %s (%s of all request time, p95 %s).", top.endpoint().name(), Fmt.share(top.share()),
                Fmt.ms(top.endpoint().p95Ms()));
    }
}
