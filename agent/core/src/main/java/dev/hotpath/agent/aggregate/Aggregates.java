package dev.hotpath.agent.aggregate;

import dev.hotpath.agent.export.AgentCounters;
import dev.hotpath.sql.SanitizedSql;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-route and per-SQL-fingerprint latency, updated for every request and statement whether or not
 * its trace is kept. Bounded: past the limit, new keys fold into one overflow entry, counted.
 */
public final class Aggregates {
    public static final String OVERFLOW = "(other)";

    private final Map<String, RouteStats> routes = new ConcurrentHashMap<>();
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
        String key = method + ' ' + route;
        RouteStats stats = routes.get(key);
        if (stats != null) {
            return stats;
        }
        if (routes.size() >= maxRoutes) {
            counters.increment(AgentCounters.ROUTES_OVERFLOW);
            return routes.computeIfAbsent(OVERFLOW, k -> new RouteStats(method, OVERFLOW));
        }
        return routes.computeIfAbsent(key, k -> new RouteStats(method, route));
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

    public Iterable<RouteStats> routes() {
        return routes.values();
    }

    public Iterable<QueryStats> queries() {
        return queries.values();
    }

    public record RouteStats(String method, String route, LatencyStats latency) {
        RouteStats(String method, String route) {
            this(method, route, new LatencyStats());
        }
    }

    public record QueryStats(SanitizedSql sql, String system, LatencyStats latency) {
        QueryStats(SanitizedSql sql, String system) {
            this(sql, system, new LatencyStats());
        }
    }
}
