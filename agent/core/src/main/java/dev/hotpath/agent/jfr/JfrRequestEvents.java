package dev.hotpath.agent.jfr;

import dev.hotpath.agent.trace.LocalSpan;
import dev.hotpath.agent.trace.LocalTrace;

/**
 * Commits one {@link RequestSpanEvent} per request and starts the recording thread on the first
 * request. When no recording has our event enabled, {@code shouldCommit()} is false and nothing else runs.
 */
final class JfrRequestEvents implements RequestEvents {
    private final ContinuousRecording recording;

    JfrRequestEvents(ContinuousRecording recording) {
        this.recording = recording;
    }

    @Override
    public void requestEnded(LocalTrace trace, boolean kept) {
        recording.ensureStarted();
        RequestSpanEvent e = new RequestSpanEvent();
        if (!e.shouldCommit()) {
            return;
        }
        LocalSpan root = trace.root;
        e.traceIdHigh = trace.traceIdHigh;
        e.traceIdLow = trace.traceIdLow;
        e.spanId = root.spanId;
        e.method = root.method;
        e.route = root.route;
        e.kept = kept;
        e.startEpochNanos = trace.epochNanosAtStart;
        e.durationNanos = root.durationNanos();
        e.commit();
    }
}
