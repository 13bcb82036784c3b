package dev.hotpath.agent.aggregate;

import dev.hotpath.agent.export.AgentCounters;
import dev.hotpath.sql.SanitizedSql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Per-route and per-SQL-fingerprint latency, updated for every request and statement whether or not
 * its trace is kept. Bounded: past the limit, new keys fold into one overflow entry, counted.
 */
public final class Aggregates {
    public static final String OVERFLOW = "(other)";

    // method -> route -> stats: two lookups, no key built per request
    private final Map<String, Map<String, RouteStats>> routes = new ConcurrentHashMap<>();
    private final AtomicInteger routeCount = new AtomicInteger();
    private final Map<String, QueryStats> queries = new ConcurrentHashMap<>();
    private final int maxRoutes;
    private final int maxQueries;
    private final AgentCounters counters;

    public Aggregates(int maxRoutes, int maxQueries, AgentCounters counters) {
        this.maxRoutes = maxRoutes;
        this.maxQueries = maxQueries;
        this.counters = counters;
    }

    public RouteStats route(String method, String route) {
        Map<String, RouteStats> byRoute = routes.get(method);
        if (byRoute == null) {
            byRoute = routes.computeIfAbsent(method, m -> new ConcurrentHashMap<>());
        }
        RouteStats stats = byRoute.get(route);
        if (stats != null) {
            return stats;
        }
        if (routeCount.get() >= maxRoutes) {
            counters.increment(AgentCounters.ROUTES_OVERFLOW);
            route = OVERFLOW;
        }
        String key = route;
        return byRoute.computeIfAbsent(key, r -> {
            routeCount.incrementAndGet();
            return new RouteStats(method, key);
        });
    }

    public void recordQuery(SanitizedSql sql, String system, long nanos, boolean error) {
        String key = sql.fingerprint();
        QueryStats stats = queries.get(key);
        if (stats == null) {
            if (queries.size() >= maxQueries) {
                counters.increment(AgentCounters.QUERIES_OVERFLOW);
                return;
            }
            stats = queries.computeIfAbsent(key, k -> new QueryStats(sql, system));
        }
        stats.latency.record(nanos, error);
    }

    public List<RouteStats> routes() {
        List<RouteStats> out = new ArrayList<>();
        routes.values().forEach(byRoute -> out.addAll(byRoute.values()));
        return out;
    }

    public Iterable<QueryStats> queries() {
        return queries.values();
    }

    public record RouteStats(String method, String route, LatencyStats latency, PoolWaits waits) {
        RouteStats(String method, String route) {
            this(method, route, new LatencyStats(), new PoolWaits());
        }
    }

    public record QueryStats(SanitizedSql sql, String system, LatencyStats latency) {
        QueryStats(SanitizedSql sql, String system) {
            this(sql, system, new LatencyStats());
        }
    }
}
