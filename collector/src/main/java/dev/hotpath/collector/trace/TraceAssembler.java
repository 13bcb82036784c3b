package dev.hotpath.collector.trace;

import dev.hotpath.collector.stats.CollectorCounters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Assembles spans that arrive out of order and in several batches into traces. A trace completes
 * when its local root has arrived and no span came for the quiet period; when that root has a
 * remote parent (a downstream service's part, which its agent exports before the caller's request
 * ends), the quiet period is at least the remote-parent wait, so the caller's spans join the same
 * trace instead of arriving late; a trace whose root never
 * arrives is finalized after the orphan timeout; {@link #drainAll()} finalizes everything (flush).
 * Memory is bounded by the in-flight trace and per-trace span limits; what is shed is counted.
 * Thread-safe (one lock; the work per call is small).
 */
public final class TraceAssembler {

    private final long quietNanos;
    private final long orphanNanos;
    private final long remoteParentNanos;
    private final int maxInFlight;
    private final int maxSpansPerTrace;
    private final CollectorCounters counters;
    private final Map<String, Pending> inFlight = new HashMap<>();
    /** Ids of recently completed traces, so a straggler span is counted as late instead of making a second, partial trace. */
    private final RecentIds completed;

    public TraceAssembler(long quietNanos, long orphanNanos, long remoteParentNanos, int maxInFlight, int maxSpansPerTrace,
                          int rememberCompleted, CollectorCounters counters) {
        this.quietNanos = quietNanos;
        this.orphanNanos = orphanNanos;
        this.remoteParentNanos = Math.max(quietNanos, remoteParentNanos);
        this.maxInFlight = maxInFlight;
        this.maxSpansPerTrace = maxSpansPerTrace;
        this.counters = counters;
        this.completed = new RecentIds(rememberCompleted);
    }

    /** Adds a batch of spans received at {@code nowNanos} (a monotonic clock reading). */
    public synchronized void add(List<Span> spans, long nowNanos) {
        for (Span s : spans) {
            if (completed.contains(s.traceId())) {
                counters.increment("spans.late");
                continue;
            }
            Pending p = inFlight.get(s.traceId());
            if (p == null) {
                if (inFlight.size() >= maxInFlight) {
                    counters.increment("spans.shed.max_in_flight_traces");
                    continue;
                }
                p = new Pending();
                inFlight.put(s.traceId(), p);
            }
            if (!p.spanIds.add(s.spanId())) {
                counters.increment("spans.duplicate");
                continue;
            }
            if (p.spans.size() >= maxSpansPerTrace) {
                p.dropped++;
                counters.increment("spans.shed.max_spans_per_trace");
                continue;
            }
            p.spans.add(s);
            p.lastArrivalNanos = nowNanos;
        }
    }

    /** Removes and returns the traces that are complete at {@code nowNanos}. */
    public synchronized List<Trace> drainCompleted(long nowNanos) {
        List<Trace> out = new ArrayList<>();
        Iterator<Map.Entry<String, Pending>> it = inFlight.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Pending> e = it.next();
            Pending p = e.getValue();
            long quiet = nowNanos - p.lastArrivalNanos;
            Span root = localRoot(p.spans);
            if (root != null && quiet >= (root.parentSpanId() == null ? quietNanos : remoteParentNanos)) {
                out.add(finish(e.getKey(), p, root, true));
                it.remove();
            } else if (quiet >= orphanNanos) {
                counters.increment("traces.finalized_without_root");
                out.add(finish(e.getKey(), p, fallbackRoot(p.spans), false));
                it.remove();
            }
        }
        return out;
    }

    /** Finalizes every in-flight trace (flush/close). */
    public synchronized List<Trace> drainAll() {
        List<Trace> out = new ArrayList<>();
        for (Map.Entry<String, Pending> e : inFlight.entrySet()) {
            Pending p = e.getValue();
            Span root = localRoot(p.spans);
            if (root == null) {
                counters.increment("traces.finalized_without_root");
            }
            out.add(root != null ? finish(e.getKey(), p, root, true) : finish(e.getKey(), p, fallbackRoot(p.spans), false));
        }
        inFlight.clear();
        return out;
    }

    public synchronized boolean isInFlight(String traceId) {
        return inFlight.containsKey(traceId);
    }

    public synchronized int inFlightCount() {
        return inFlight.size();
    }

    private Trace finish(String traceId, Pending p, Span root, boolean rootSeen) {
        completed.add(traceId);
        List<Span> sorted = new ArrayList<>(p.spans);
        sorted.sort(Comparator.comparingLong(Span::startEpochNanos).thenComparing(Span::spanId));
        return new Trace(traceId, sorted, root, rootSeen, p.dropped);
    }

    /** The earliest SERVER span whose parent is absent from the trace (or has no parent). */
    static Span localRoot(List<Span> spans) {
        Set<String> ids = idsOf(spans);
        Span best = null;
        for (Span s : spans) {
            if (s.kind() == SpanKind.SERVER && (s.parentSpanId() == null || !ids.contains(s.parentSpanId()))
                    && (best == null || s.startEpochNanos() < best.startEpochNanos())) {
                best = s;
            }
        }
        return best;
    }

    static Span fallbackRoot(List<Span> spans) {
        Set<String> ids = idsOf(spans);
        Span best = null;
        for (Span s : spans) {
            boolean parentless = s.parentSpanId() == null || !ids.contains(s.parentSpanId());
            if (parentless && (best == null || s.startEpochNanos() < best.startEpochNanos())) {
                best = s;
            }
        }
        return best != null ? best : spans.get(0); // a parent cycle: any span will do
    }

    private static Set<String> idsOf(List<Span> spans) {
        Set<String> ids = new HashSet<>(spans.size() * 2);
        for (Span s : spans) {
            ids.add(s.spanId());
        }
        return ids;
    }

    private static final class Pending {
        final List<Span> spans = new ArrayList<>();
        final Set<String> spanIds = new HashSet<>();
        long lastArrivalNanos;
        int dropped;
    }

    /** A bounded insertion-ordered set: the oldest id falls out first. */
    private static final class RecentIds {
        private final LinkedHashMap<String, Boolean> ids;

        RecentIds(int capacity) {
            this.ids = new LinkedHashMap<>(16, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > capacity;
                }
            };
        }

        void add(String id) {
            ids.put(id, Boolean.TRUE);
        }

        boolean contains(String id) {
            return ids.containsKey(id);
        }
    }
}
