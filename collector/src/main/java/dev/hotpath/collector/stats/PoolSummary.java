package dev.hotpath.collector.stats;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pool in summary.json: its figures and every endpoint that waited for it (whole run). Built from
 * the agents' per-interval pool samples and per-route waits, for every pool, found or not.
 */
public record PoolSummary(String service, PoolFigures pool, List<EndpointWait> endpoints) {

    /** Time one endpoint's requests spent waiting for the pool. */
    public record EndpointWait(String method, String route, long requests, long waits, double waitMs, double shareOfRequestTime) {
    }

    /** Every pool seen in the windows, busiest (total wait) first. */
    public static List<PoolSummary> of(List<RouteWindow> routeWindows, List<PoolWindow> poolWindows) {
        Map<List<String>, Acc> pools = new LinkedHashMap<>();
        for (PoolWindow p : poolWindows) {
            pools.computeIfAbsent(List.of(p.service(), p.kind(), p.name()), k -> new Acc()).samples.add(p);
        }
        for (RouteWindow w : routeWindows) {
            for (AgentStatsReport.PoolWait wait : w.waits()) {
                Acc a = pools.computeIfAbsent(List.of(w.key().service(), wait.kind(), wait.pool()), k -> new Acc());
                long[] e = a.byEndpoint.computeIfAbsent(w.key(), k -> new long[4]);
                e[0] += w.count();
                e[1] += wait.count();
                e[2] += wait.totalNanos();
                e[3] += w.totalNanos();
                a.acquires += wait.count();
                a.timeouts += wait.timeouts();
                a.usesPerInterval.merge(w.instance() + "@" + w.startMs() + "-" + w.endMs(),
                        wait.count() / (Math.max(1, w.endMs() - w.startMs()) / 1000.0), Double::sum);
            }
        }
        List<PoolSummary> out = new ArrayList<>();
        pools.forEach((k, a) -> {
            List<EndpointWait> endpoints = new ArrayList<>();
            a.byEndpoint.forEach((ek, e) -> endpoints.add(new EndpointWait(ek.endpoint().method(), ek.endpoint().route(), e[0], e[1],
                    Math.round(e[2] / 1e3) / 1000.0, e[3] <= 0 ? 0 : Math.round(1000.0 * Math.min(1, (double) e[2] / e[3])) / 1000.0)));
            endpoints.sort(Comparator.comparingDouble(EndpointWait::waitMs).reversed().thenComparing(EndpointWait::route));
            out.add(new PoolSummary(k.get(0), PoolFigures.of(k.get(1), k.get(2), a.samples, a.acquires, a.timeouts,
                    a.usesPerInterval.values().stream().mapToDouble(Double::doubleValue).max().orElse(0)), endpoints));
        });
        out.sort(Comparator.comparingDouble((PoolSummary s) -> -s.endpoints().stream().mapToDouble(EndpointWait::waitMs).sum())
                .thenComparing(s -> s.pool().name()));
        return out;
    }

    private static final class Acc {
        final List<PoolWindow> samples = new ArrayList<>();
        final Map<EndpointKey, long[]> byEndpoint = new LinkedHashMap<>(); // requests, waits, wait ns, request ns
        final Map<String, Double> usesPerInterval = new LinkedHashMap<>(); // uses per second, per agent interval
        long acquires;
        long timeouts;
    }
}
