package dev.hotpath.collector.detect;

import dev.hotpath.collector.trace.Trace;
import java.util.EnumSet;
import java.util.Set;

/**
 * What every JFR-based detector shares: it reads JFR evidence at flush, and remembers the ids of the
 * traces that completed here, because only those may be exemplars (every id in a finding resolves).
 */
abstract class JfrDetector implements Detector {
    private final JfrRequests.ResolvableTraces resolvable;

    JfrDetector(JfrRequests.ResolvableTraces resolvable) {
        this.resolvable = resolvable;
    }

    @Override
    public Set<Signal> needs() {
        return EnumSet.of(Signal.JFR, Signal.TRACES);
    }

    @Override
    public void onTrace(Trace trace) {
        resolvable.add(trace.traceId());
    }

    /** Ids of the traces completed so far: the only ones a finding may name. */
    Set<String> resolvableTraceIds() {
        return resolvable.snapshot();
    }
}
