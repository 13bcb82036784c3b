package dev.hotpath.collector.jfr;

import java.util.List;

/**
 * What one JFR file holds that the detectors use; {@code skipped} counts events we could not read.
 * {@code firstNanos}/{@code lastNanos} span the events read (epoch ns; 0 when none had a time), so
 * readers of the stored file can skip chunks outside the windows they look at.
 */
public record ParsedChunk(List<RequestWindow> requests, List<BlockedEvent> blocked, List<GcPause> pauses,
                          List<CpuSample> samples, List<PinnedEvent> pinned, long events, long skipped,
                          long firstNanos, long lastNanos) {

    /** Without execution samples and pinning events (tests, recordings without them). */
    public ParsedChunk(List<RequestWindow> requests, List<BlockedEvent> blocked, List<GcPause> pauses, long events, long skipped) {
        this(requests, blocked, pauses, List.of(), List.of(), events, skipped, 0, 0);
    }
}
