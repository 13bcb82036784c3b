package dev.hotpath.collector.jfr;

import dev.hotpath.collector.stats.CollectorCounters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every JFR event the detectors use, from all chunks received so far, bounded: beyond
 * {@code maxRequests} request windows or {@code maxEvents} other events, new ones are shed and counted
 * ({@code jfr.shed.requests}, {@code jfr.shed.events}). Events recorded twice (the agent's rotation
 * overlaps by a few milliseconds) are kept once. Thread-safe.
 */
public final class JfrEvidence {
    private final int maxRequests;
    private final int maxEvents;
    private final CollectorCounters counters;
    /** instance -> thread id -> request start -> request */
    private final Map<String, Map<Long, TreeMap<Long, RequestWindow>>> requests = new HashMap<>();
    private final List<RequestWindow> requestList = new ArrayList<>();
    private final List<BlockedEvent> blocked = new ArrayList<>();
    private final List<GcPause> pauses = new ArrayList<>();
    private final List<CpuSample> samples = new ArrayList<>();
    private final List<PinnedEvent> pinned = new ArrayList<>();
    /** One copy of each distinct sampled stack (samples repeat a few thousand stacks many times). */
    private final Map<List<Frame>, List<Frame>> stacks = new HashMap<>();
    private final Set<List<Object>> seenEvents = new HashSet<>();
    private long version;

    public JfrEvidence(int maxRequests, int maxEvents, CollectorCounters counters) {
        this.maxRequests = maxRequests;
        this.maxEvents = maxEvents;
        this.counters = counters;
    }

    /** An empty store (detectors run without JFR). */
    public static JfrEvidence empty() {
        return new JfrEvidence(0, 0, new CollectorCounters());
    }

    public synchronized void add(ParsedChunk chunk) {
        version++;
        for (RequestWindow r : chunk.requests()) {
            TreeMap<Long, RequestWindow> thread = requests.computeIfAbsent(r.instance(), k -> new HashMap<>())
                    .computeIfAbsent(r.threadId(), k -> new TreeMap<>());
            RequestWindow known = thread.get(r.startNanos());
            if (known != null && known.spanId().equals(r.spanId())) {
                continue; // the same request from the overlapping chunk
            }
            if (requestList.size() >= maxRequests) {
                counters.increment("jfr.shed.requests");
                continue;
            }
            thread.put(r.startNanos(), r);
            requestList.add(r);
        }
        for (BlockedEvent b : chunk.blocked()) {
            if (fresh(List.of(b.kind(), b.instance(), b.threadId(), b.startNanos(), b.endNanos()))) {
                blocked.add(b);
            }
        }
        for (GcPause p : chunk.pauses()) {
            if (fresh(List.of("gc", p.instance(), p.startNanos(), p.endNanos()))) {
                pauses.add(p);
            }
        }
        for (CpuSample c : chunk.samples()) {
            if (fresh(List.of("cpu", c.instance(), c.threadId(), c.timeNanos()))) {
                List<Frame> shared = stacks.size() < maxEvents ? stacks.computeIfAbsent(c.frames(), k -> k)
                        : stacks.getOrDefault(c.frames(), c.frames());
                samples.add(shared == c.frames() ? c : new CpuSample(c.instance(), c.threadId(), c.timeNanos(), shared));
            }
        }
        for (PinnedEvent p : chunk.pinned()) {
            if (fresh(List.of("pinned", p.instance(), p.threadId(), p.startNanos(), p.endNanos()))) {
                pinned.add(p);
            }
        }
    }

    private boolean fresh(List<Object> key) {
        if (seenEvents.contains(key)) {
            return false;
        }
        if (seenEvents.size() >= maxEvents) {
            counters.increment("jfr.shed.events");
            return false;
        }
        seenEvents.add(key);
        return true;
    }

    /** The request the thread was serving at {@code timeNanos}, or null (an idle thread, or a request we never saw). */
    public synchronized RequestWindow requestAt(String instance, long threadId, long timeNanos) {
        Map<Long, TreeMap<Long, RequestWindow>> threads = requests.get(instance);
        TreeMap<Long, RequestWindow> byStart = threads == null ? null : threads.get(threadId);
        if (byStart == null) {
            return null;
        }
        Map.Entry<Long, RequestWindow> e = byStart.floorEntry(timeNanos);
        return e != null && e.getValue().endNanos() >= timeNanos ? e.getValue() : null;
    }

    public synchronized List<RequestWindow> requests() {
        return List.copyOf(requestList);
    }

    public synchronized List<BlockedEvent> blocked() {
        return List.copyOf(blocked);
    }

    public synchronized List<GcPause> pauses() {
        return List.copyOf(pauses);
    }

    public synchronized List<CpuSample> samples() {
        return List.copyOf(samples);
    }

    public synchronized List<PinnedEvent> pinned() {
        return List.copyOf(pinned);
    }

    /** Grows with every chunk added: what is computed from the evidence alone can be kept while it stays. */
    public synchronized long version() {
        return version;
    }

    public synchronized boolean isEmpty() {
        return requestList.isEmpty();
    }
}
