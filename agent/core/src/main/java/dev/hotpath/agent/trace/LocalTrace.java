package dev.hotpath.agent.trace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of a trace recorded in this JVM for one inbound request; owned by the serving thread.
 * Once a task submitted in the request carries it to another thread ({@link #shared}), every change
 * to {@link #children}, {@link #repeatsByFingerprint}, the counts and {@link #ended} is made under
 * the trace's monitor; requests that never hand work to an executor take no lock.
 */
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
    /**
     * The trace id falls in the base rate, whatever else made the trace kept: kept traces with this flag are an
     * unbiased sample of the route's requests (the others over-represent slow and failed ones). Set by {@link KeepPolicy}.
     */
    public boolean baseSample;
    /** Set (once, by a thread that holds the trace) when a task captures it: other threads may attach spans. */
    volatile boolean shared;
    /** The request has ended: nothing more is attached (the trace may be on its way to the collector). */
    boolean ended;
    /** Created by the request thread when it first hands a task to an executor; cleared when the request ends. */
    RequestHandle handle;

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

    /** The request thread, at its end: from now on spans from late tasks are dropped (and counted). */
    void markEnded() {
        if (shared) {
            synchronized (this) {
                ended = true;
            }
            handle.trace = null; // tasks still pending no longer keep this trace alive
        } else {
            ended = true;
        }
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
