package dev.hotpath.agent.trace;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Decides, once the whole local trace is known, whether it goes to the collector. Everything
 * interesting is kept (errors, repeated statements, slow for its own route or the SLO, sampled by
 * the caller); the rest only at the base rate, since aggregates already count every request.
 */
public final class KeepPolicy {
    public static final String ERROR = "error";
    public static final String REPEATED_STATEMENT = "repeated_statement";
    public static final String SLOW = "slow";
    public static final String UPSTREAM_SAMPLED = "upstream_sampled";
    public static final String BASE_RATE = "base_rate";

    private final int repeatThreshold;
    private final long sloNanos;
    private final double sampleRate;

    public KeepPolicy(int repeatThreshold, long sloMillis, double sampleRate) {
        this.repeatThreshold = repeatThreshold;
        this.sloNanos = sloMillis > 0 ? sloMillis * 1_000_000 : Long.MAX_VALUE;
        this.sampleRate = sampleRate;
    }

    /** The reason to keep, or null to drop (the request still counts in the aggregates). */
    public String decide(LocalTrace trace, long durationNanos, boolean failed, long routeP95Nanos) {
        if (failed) {
            return ERROR;
        }
        if (trace.maxRepeats >= repeatThreshold) {
            return REPEATED_STATEMENT;
        }
        if (durationNanos > sloNanos || durationNanos > routeP95Nanos) {
            return SLOW;
        }
        if (trace.upstreamSampled) {
            return UPSTREAM_SAMPLED;
        }
        if (sampleRate > 0 && ThreadLocalRandom.current().nextDouble() < sampleRate) {
            return BASE_RATE;
        }
        return null;
    }
}
