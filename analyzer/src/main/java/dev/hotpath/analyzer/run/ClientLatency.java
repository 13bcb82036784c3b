package dev.hotpath.analyzer.run;

/**
 * One endpoint as the load driver saw it (load.json): completion minus intended start, so queueing
 * and network outside the server span are included (coordinated-omission free).
 */
public record ClientLatency(String method, String route, long count, long errors, double rps, double p50Ms, double p95Ms,
                            double p99Ms, double maxMs) {
    public String name() {
        return method + " " + route;
    }
}
