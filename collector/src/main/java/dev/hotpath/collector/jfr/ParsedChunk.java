package dev.hotpath.collector.jfr;

import java.util.List;

/** What one JFR file holds that the detectors use; {@code skipped} counts events we could not read. */
public record ParsedChunk(List<RequestWindow> requests, List<BlockedEvent> blocked, List<GcPause> pauses, long events,
                          long skipped) {
}
