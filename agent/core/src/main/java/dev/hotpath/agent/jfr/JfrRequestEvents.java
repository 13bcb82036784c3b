package dev.hotpath.agent.jfr;

import dev.hotpath.agent.trace.LocalSpan;
import dev.hotpath.agent.trace.LocalTrace;

/**
 * Commits one {@link RequestSpanEvent} per request and starts the recording thread on the first
 * request. Until the recording runs, and when no recording has our event enabled, nothing else runs.
 */
final class JfrRequestEvents implements RequestEvents {
    private final ContinuousRecording recording;

    JfrRequestEvents(ContinuousRecording recording) {
        this.recording = recording;
    }

    @Override
    public void requestEnded(LocalTrace trace, boolean kept) {
        recording.ensureStarted();
        if (!recording.ready()) {
            return; // the event class is initialised by the recording thread only (see ready())
        }
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
