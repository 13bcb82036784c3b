package dev.hotpath.agent.trace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The part of a trace recorded in this JVM for one inbound request; owned by the serving thread. */
public final class LocalTrace {
    public final long traceIdHigh;
    public final long traceIdLow;
    public final long remoteParentSpanId;   // 0 when the request came without a traceparent
    public final String traceState;
    public final boolean upstreamSampled;
    public final long epochNanosAtStart;
    public final LocalSpan root;
    public final List<LocalSpan> children = new ArrayList<>();
    public final Map<String, Repeats> repeatsByFingerprint = new HashMap<>();
    public int droppedSpans;
    public int maxRepeats;
    /** Time this request waited for pools (connections, worker threads), summed at its end. */
    public long poolWaitNanos;

    LocalTrace(TraceParent parent, long rootSpanId, long startNanos, long epochNanosAtStart) {
        if (parent != null) {
            this.traceIdHigh = parent.traceIdHigh();
            this.traceIdLow = parent.traceIdLow();
            this.remoteParentSpanId = parent.spanId();
            this.traceState = parent.traceState();
            this.upstreamSampled = parent.sampled();
        } else {
            this.traceIdHigh = Ids.nonZero();
            this.traceIdLow = Ids.nonZero();
            this.remoteParentSpanId = 0;
            this.traceState = null;
            this.upstreamSampled = false;
        }
        this.epochNanosAtStart = epochNanosAtStart;
        this.root = new LocalSpan(this, SpanType.SERVER, rootSpanId, 0, startNanos);
    }

    public long toEpochNanos(long nanoTime) {
        return epochNanosAtStart + (nanoTime - root.startNanos);
    }

    public String traceIdHex() {
        return Ids.hex(traceIdHigh) + Ids.hex(traceIdLow);
    }

    /** How often one statement shape ran in this request, and where in the app it was called from. */
    public static final class Repeats {
        public int count;
        public CodePointer codePointer;
    }
}
