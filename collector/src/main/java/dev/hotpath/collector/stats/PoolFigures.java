package dev.hotpath.collector.stats;

import java.util.List;

/**
 * One pool over a run, from its samples and the waits of the requests that used it. Null figures: the
 * pool was never sampled (a DataSource hotpath cannot read); the waits alone describe it then.
 *
 * @param shareOfSamplesAtMax samples with active >= max / all samples
 * @param acquiresPerSecond   acquires or tasks made by requests per second of sampled time (a lower bound of its traffic)
 * @param holdTimeMs          mean time a connection or worker is held per use, by Little's law (mean active / uses per second)
 * @param peakDemand          the busiest interval's uses per second x the hold time (Little's law): how many the pool
 *                            had to hold at once then. A lower bound when the pool was saturated (the offered rate was
 *                            higher than it served); queue depth is not used, since in an overload it is backlog, not demand
 * @param suggestedMaxSize    peak demand at 70% utilisation (before any capacity check of what lies behind the pool)
 */
public record PoolFigures(String kind, String name, Integer maxSize, Integer coreSize, long samples, Double shareOfSamplesAtMax,
                          Double activeMean, Double pendingMean, Integer pendingMax, long timeouts, long rejections,
                          Double acquiresPerSecond, Double holdTimeMs, Double peakDemand, Integer suggestedMaxSize) {

    /** Target utilisation for {@link #suggestedMaxSize}. */
    static final double TARGET_UTILISATION = 0.7;

    /**
     * @param acquires          acquires or tasks the requests made (from the per-route waits)
     * @param waitTimeouts      acquisition timeouts the requests saw (from the per-route waits)
     * @param peakUsesPerSecond the highest per-interval rate of those acquires or tasks
     */
    public static PoolFigures of(String kind, String name, List<PoolWindow> samples, long acquires, long waitTimeouts,
                                 double peakUsesPerSecond) {
        long n = 0;
        long atMax = 0;
        double activeSum = 0;
        double pendingSum = 0;
        int pendingMax = -1;
        Integer max = null;
        Integer core = null;
        double heldSeconds = 0; // sum over intervals of mean active x interval length
        double seconds = 0;
        long timeouts = waitTimeouts;
        long rejections = 0;
        for (PoolWindow p : samples) {
            AgentStatsReport.PoolInterval i = p.pool();
            timeouts += Math.max(0, i.timeouts());
            rejections += Math.max(0, i.rejected());
            if (i.samples() <= 0) {
                continue;
            }
            n += i.samples();
            atMax += i.samplesAtMax();
            activeSum += i.activeMean() * i.samples();
            pendingSum += Math.max(0, i.pendingMean()) * i.samples();
            pendingMax = Math.max(pendingMax, i.pendingMax());
            max = i.max() > 0 ? Integer.valueOf(i.max()) : max;
            core = i.core() > 0 ? Integer.valueOf(i.core()) : core;
            double length = Math.max(1, p.endMs() - p.startMs()) / 1000.0;
            heldSeconds += i.activeMean() * length;
            seconds += length;
        }
        if (n == 0) {
            return new PoolFigures(kind, name, null, null, 0, null, null, null, null, timeouts, rejections, null, null, null, null);
        }
        Double rate = seconds > 0 ? round(acquires / seconds) : null;
        Double holdMs = acquires > 0 ? round(heldSeconds / acquires * 1000) : null;
        Double peakDemand = holdMs == null || peakUsesPerSecond <= 0 ? null : round(peakUsesPerSecond * holdMs / 1000);
        Integer suggested = peakDemand == null ? null : (int) Math.ceil(peakDemand / TARGET_UTILISATION);
        return new PoolFigures(kind, name, max, core, n, round((double) atMax / n), round(activeSum / n), round(pendingSum / n),
                pendingMax < 0 ? null : pendingMax, timeouts, rejections, rate, holdMs, peakDemand, suggested);
    }

    private static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }
}
