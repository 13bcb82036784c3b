package dev.hotpath.collector.jfr;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * summary.json {@code jfr}: what the JFR chunks measured, per endpoint over every request the agents' request
 * events report (kept or not): lock wait (monitor enter, j.u.c lock parks; clipped to the request), GC pause time
 * overlapping the request, estimated CPU (execution samples on the request's thread x the sample period) and
 * virtual-thread pinned time; plus the chunks stored per kind, so a reader can tell "no JFR" from "JFR, nothing
 * found". {@code jvm}: JVM-wide figures that need no request join (what a plain {@code jcmd JFR.dump} without the
 * agent's request events still tells). Null in summary.json when no chunk was received.
 */
public record JfrTimeSummary(Map<String, Long> chunksStored, double samplePeriodMs, long requests, List<EndpointTime> endpoints,
                             JvmWide jvm) {

    /**
     * Over the whole recording, every thread: execution samples and their first application frames (top 10; samples
     * without one are counted as {@code (no application frame)}), stop-the-world GC pauses. Lock waits are not given
     * here: without the request join an idle worker's wait cannot be told from contention.
     */
    public record JvmWide(String firstEvent, String lastEvent, long executionSamples, long samplesInRequests,
                          List<FrameSamples> topFrames, long gcPauses, double gcPauseMsTotal, double longestGcPauseMs) {
    }

    public record FrameSamples(String frame, long samples, double share) {
    }

    /** Times in ms over the endpoint's JFR-seen requests. */
    public record EndpointTime(String service, String method, String route, long requests, double totalMs, double lockWaitMs,
                               double gcPauseMs, double cpuMs, double pinnedMs) {
    }

    private static final class Sums {
        long requests;
        double total;
        double lock;
        double gc;
        double cpu;
        double pinned;
        long samples;
    }

    private record Key(String service, String method, String route) {
    }

    public static JfrTimeSummary of(JfrEvidence jfr, List<JfrChunkStore.StoredChunk> chunks, double samplePeriodMs) {
        Map<String, Long> stored = new TreeMap<>();
        for (JfrChunkStore.StoredChunk c : chunks) {
            stored.merge(c.kind(), 1L, Long::sum);
        }
        Map<RequestWindow, Sums> perRequest = new HashMap<>();
        for (BlockedEvent b : jfr.blocked()) {
            RequestWindow r = jfr.requestAt(b.instance(), b.threadId(), b.startNanos() + b.durationNanos() / 2);
            if (r != null) {
                sums(perRequest, r).lock += clipped(b.startNanos(), b.endNanos(), r);
            }
        }
        for (PinnedEvent p : jfr.pinned()) {
            RequestWindow r = jfr.requestAt(p.instance(), p.threadId(), p.startNanos() + p.durationNanos() / 2);
            if (r != null) {
                sums(perRequest, r).pinned += clipped(p.startNanos(), p.endNanos(), r);
            }
        }
        for (CpuSample s : jfr.samples()) {
            RequestWindow r = jfr.requestAt(s.instance(), s.threadId(), s.timeNanos());
            if (r != null) {
                Sums rs = sums(perRequest, r);
                rs.cpu += samplePeriodMs * 1e6;
                rs.samples++;
            }
        }
        List<RequestWindow> requests = jfr.requests();
        Map<String, List<GcPause>> pauses = new HashMap<>();
        for (GcPause p : jfr.pauses()) {
            pauses.computeIfAbsent(p.instance(), k -> new ArrayList<>()).add(p);
        }
        pauses.values().forEach(l -> l.sort(Comparator.comparingLong(GcPause::startNanos)));
        Map<Key, Sums> byEndpoint = new LinkedHashMap<>();
        for (RequestWindow r : requests) {
            Sums e = byEndpoint.computeIfAbsent(new Key(r.service(), r.method() == null ? "_OTHER" : r.method(),
                    r.route() == null ? "/" : r.route()), k -> new Sums());
            e.requests++;
            e.total += r.durationNanos();
            Sums rs = perRequest.get(r);
            if (rs != null) {
                e.lock += rs.lock;
                e.pinned += rs.pinned;
                e.cpu += Math.min(rs.cpu, r.durationNanos());
            }
            for (GcPause p : pauses.getOrDefault(r.instance(), List.of())) {
                if (p.startNanos() >= r.endNanos()) {
                    break;
                }
                e.gc += clipped(p.startNanos(), p.endNanos(), r);
            }
        }
        List<EndpointTime> out = new ArrayList<>();
        byEndpoint.forEach((k, s) -> out.add(new EndpointTime(k.service(), k.method(), k.route(), s.requests, ms(s.total), ms(s.lock),
                ms(s.gc), ms(s.cpu), ms(s.pinned))));
        out.sort(Comparator.comparingDouble(EndpointTime::totalMs).reversed().thenComparing(EndpointTime::route));
        return new JfrTimeSummary(stored, samplePeriodMs, requests.size(), out, jvmWide(jfr, perRequest));
    }

    private static JvmWide jvmWide(JfrEvidence jfr, Map<RequestWindow, Sums> perRequest) {
        List<CpuSample> samples = jfr.samples();
        Map<String, Long> frames = new HashMap<>();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (CpuSample s : samples) {
            Frame app = LockFrames.firstApplicationFrame(s.frames());
            frames.merge(app == null ? "(no application frame)" : app.function(), 1L, Long::sum);
            first = Math.min(first, s.timeNanos());
            last = Math.max(last, s.timeNanos());
        }
        long inRequests = 0;
        for (Sums s : perRequest.values()) {
            inRequests += s.samples;
        }
        long pauses = 0;
        double pauseTotal = 0;
        double longest = 0;
        for (GcPause p : jfr.pauses()) {
            pauses++;
            pauseTotal += p.durationNanos();
            longest = Math.max(longest, p.durationNanos());
            first = Math.min(first, p.startNanos());
            last = Math.max(last, p.endNanos());
        }
        List<FrameSamples> top = new ArrayList<>();
        long total = samples.size();
        frames.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry::getKey))
                .limit(10)
                .forEach(e -> top.add(new FrameSamples(e.getKey(), e.getValue(), Math.round(1000.0 * e.getValue() / total) / 1000.0)));
        boolean timed = first <= last;
        return new JvmWide(timed ? java.time.Instant.ofEpochSecond(0, first).toString() : null,
                timed ? java.time.Instant.ofEpochSecond(0, last).toString() : null, total, inRequests, top, pauses, ms(pauseTotal), ms(longest));
    }

    private static Sums sums(Map<RequestWindow, Sums> m, RequestWindow r) {
        return m.computeIfAbsent(r, k -> new Sums());
    }

    private static double clipped(long start, long end, RequestWindow r) {
        return Math.max(0, Math.min(end, r.endNanos()) - Math.max(start, r.startNanos()));
    }

    private static double ms(double nanos) {
        return Math.round(nanos / 1000.0) / 1000.0;
    }
}
