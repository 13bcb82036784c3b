package dev.hotpath.collector.flame;

import dev.hotpath.collector.findings.Finding;
import dev.hotpath.collector.jfr.JfrChunkStore;
import dev.hotpath.collector.jfr.JfrEvidence;
import dev.hotpath.collector.stats.CollectorCounters;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Links each finding to a flame graph of its endpoint's slowest requests, drawn from the stored JFR chunks
 * at flush. Bounded: an endpoint's graph is drawn once per set of stored chunks (redrawn when new chunks
 * arrived; an endpoint whose finding appears later is drawn at that flush), for at most {@code maxEndpoints}
 * endpoints (the top findings' first), over at most {@code maxRequests} requests each and only the chunks
 * of the JVM that served them that overlap them in time, and no new graph starts after {@code budget}
 * (counted {@code flame.skipped.time_budget}; it is drawn at a later flush). A graph that fails is
 * counted ({@code flame.failed}) and the finding keeps its previous link, if any. Not thread-safe: the
 * flush calls it under its lock.
 */
public final class FindingFlameGraphs {
    /** Continuous execution samples and deep mode's wall samples; lock and allocation files have no CPU/wall stacks. */
    private static final Set<String> SAMPLED_KINDS = Set.of("continuous", "deep-wall");

    public record Settings(int maxEndpoints, int maxRequests, Duration budget) {
        public static Settings defaults() {
            return new Settings(5, 20, Duration.ofSeconds(10));
        }
    }

    private record Key(String service, String method, String route) {
    }

    private final Path runDir;
    private final Settings settings;
    private final CollectorCounters counters;
    private final Map<Key, String> links = new HashMap<>();
    private final Set<Key> drawnThisGeneration = new java.util.HashSet<>();
    private long generation = -1;

    public FindingFlameGraphs(Path runDir, Settings settings, CollectorCounters counters) {
        this.runDir = runDir;
        this.settings = settings;
        this.counters = counters;
    }

    /** The findings, in the same order, each with its endpoint's flame graph link when there is one. */
    public List<Finding> attach(List<Finding> ranked, JfrEvidence jfr, JfrChunkStore store) {
        if (ranked.isEmpty() || jfr.isEmpty()) {
            return ranked;
        }
        long now = store.generation();
        if (now != generation) {
            generation = now;
            drawnThisGeneration.clear();
        }
        if (!drawnThisGeneration.containsAll(topEndpoints(ranked))) {
            draw(ranked, jfr.requests(), store.chunks());
        }
        List<Finding> out = new ArrayList<>(ranked.size());
        for (Finding f : ranked) {
            String link = links.get(key(f));
            out.add(link == null ? f : f.withFlameGraph(link));
        }
        return out;
    }

    private Set<Key> topEndpoints(List<Finding> ranked) {
        Set<Key> endpoints = new LinkedHashSet<>();
        for (Finding f : ranked) {
            if (endpoints.size() < settings.maxEndpoints()) {
                endpoints.add(key(f));
            }
        }
        return endpoints;
    }

    private void draw(List<Finding> ranked, List<dev.hotpath.collector.jfr.RequestWindow> requests,
                      List<JfrChunkStore.StoredChunk> chunks) {
        Set<Key> endpoints = topEndpoints(ranked);
        endpoints.removeAll(drawnThisGeneration);
        Map<Key, List<dev.hotpath.collector.jfr.RequestWindow>> byEndpoint = new HashMap<>();
        for (dev.hotpath.collector.jfr.RequestWindow r : requests) {
            Key k = new Key(r.service(), r.method() == null ? "_OTHER" : r.method(), r.route() == null ? "/" : r.route());
            if (endpoints.contains(k)) {
                byEndpoint.computeIfAbsent(k, x -> new ArrayList<>()).add(r);
            }
        }
        long deadline = System.nanoTime() + settings.budget().toNanos();
        for (Key k : endpoints) {
            List<dev.hotpath.collector.jfr.RequestWindow> served = byEndpoint.get(k);
            if (served == null) {
                drawnThisGeneration.add(k); // no request of it in JFR: nothing to draw until new chunks come
                continue;
            }
            if (System.nanoTime() > deadline) {
                counters.increment("flame.skipped.time_budget"); // tried again at the next flush
                continue;
            }
            drawnThisGeneration.add(k);
            try {
                SlowPathFlameGraph.Result r = SlowPathFlameGraph.write(runDir, k.method(), k.route(), sources(slowest(served), chunks));
                if (r.link() != null) {
                    links.put(k, r.link());
                    counters.increment("flame.written");
                }
            } catch (IOException | RuntimeException e) {
                counters.increment("flame.failed");
            }
        }
    }

    private List<dev.hotpath.collector.jfr.RequestWindow> slowest(List<dev.hotpath.collector.jfr.RequestWindow> served) {
        return served.stream()
                .sorted(Comparator.comparingLong(dev.hotpath.collector.jfr.RequestWindow::durationNanos).reversed())
                .limit(settings.maxRequests())
                .toList();
    }

    /** Per JVM: its requests' windows, and its sampled chunks that overlap them. */
    static List<SlowPathFlameGraph.Source> sources(List<dev.hotpath.collector.jfr.RequestWindow> slowest,
                                                   List<JfrChunkStore.StoredChunk> chunks) {
        Map<String, List<dev.hotpath.collector.jfr.RequestWindow>> byInstance = new LinkedHashMap<>();
        for (dev.hotpath.collector.jfr.RequestWindow r : slowest) {
            byInstance.computeIfAbsent(r.instance(), x -> new ArrayList<>()).add(r);
        }
        List<SlowPathFlameGraph.Source> out = new ArrayList<>();
        for (Map.Entry<String, List<dev.hotpath.collector.jfr.RequestWindow>> e : byInstance.entrySet()) {
            List<RequestWindow> windows = new ArrayList<>();
            for (dev.hotpath.collector.jfr.RequestWindow r : e.getValue()) {
                windows.add(new RequestWindow(r.threadId(), r.startNanos(), r.endNanos()));
            }
            List<Path> files = new ArrayList<>();
            for (JfrChunkStore.StoredChunk c : chunks) {
                if (c.instance().equals(e.getKey()) && SAMPLED_KINDS.contains(c.kind())
                        && windows.stream().anyMatch(w -> c.overlaps(w.startEpochNanos(), w.endEpochNanos()))) {
                    files.add(c.file());
                }
            }
            if (!files.isEmpty()) {
                out.add(new SlowPathFlameGraph.Source(files, windows));
            }
        }
        return out;
    }

    private static Key key(Finding f) {
        return new Key(f.service(), f.endpoint().method(), f.endpoint().route());
    }
}
