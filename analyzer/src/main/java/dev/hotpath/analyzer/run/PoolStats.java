package dev.hotpath.analyzer.run;

/**
 * A pool from summary.json's {@code pools}: its size and saturation as the agents sampled them, and
 * the requests' waits for it (whole run). Null figures: not sampled (the pool could not be read).
 *
 * @param waiting the endpoints that waited, most first, as "GET /x 12.0 ms (3%)"
 */
public record PoolStats(String service, String kind, String name, Integer maxSize, Double shareOfSamplesAtMax, Double activeMean,
                        Double pendingMean, Integer pendingMax, Double holdTimeMs, long timeouts, long rejections, double waitMs,
                        String waiting) {
}
