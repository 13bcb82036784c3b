package dev.hotpath.analyzer.run;

import java.util.List;
import java.util.Map;

/**
 * summary.json {@code jfr} (collector/WIRE.md): what the run's JFR measured per endpoint over every request the
 * agents' request events report. Null in {@link Run} when the run received no JFR.
 */
public record JfrTime(Map<String, Long> chunksStored, double samplePeriodMs, long requests, List<Endpoint> endpoints, Jvm jvm) {

    /** JVM-wide, no request join (summary.json {@code jfr.jvm}); null when absent. */
    public record Jvm(String firstEvent, String lastEvent, long executionSamples, long samplesInRequests, List<FrameSamples> topFrames,
                      long gcPauses, double gcPauseMsTotal, double longestGcPauseMs) {
    }

    public record FrameSamples(String frame, long samples, double share) {
    }

    public record Endpoint(String method, String route, long requests, double totalMs, double lockWaitMs, double gcPauseMs,
                           double cpuMs, double pinnedMs) {

        public String name() {
            return method + " " + route;
        }
    }

    /** Chunks of deep mode (async-profiler) stored in the run. */
    public long deepChunks() {
        return chunksStored.entrySet().stream().filter(e -> e.getKey().startsWith("deep-")).mapToLong(Map.Entry::getValue).sum();
    }
}
