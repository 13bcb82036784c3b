package dev.hotpath.agent.trace;

/**
 * Decides, once the whole local trace is known, whether it goes to the collector. Everything
 * interesting is kept (errors, repeated statements, slow for its own route or the SLO, a long pool
 * wait, sampled by the caller); the rest only at the base rate, since aggregates already count every
 * request. The base rate is decided from the trace id (like OpenTelemetry's TraceIdRatioBased), so
 * every service with the agent keeps the same traces and a sampled trace is whole across services.
 */
public final class KeepPolicy {
    public static final String ERROR = "error";
    public static final String REPEATED_STATEMENT = "repeated_statement";
    public static final String SLOW = "slow";
    public static final String POOL_WAIT = "pool_wait";
    public static final String UPSTREAM_SAMPLED = "upstream_sampled";
    /** A request that waited at least this share of its time for pools is suspicious. */
    static final double POOL_WAIT_SHARE = 0.2;
    public static final String BASE_RATE = "base_rate";

    private final int repeatThreshold;
    private final long sloNanos;
    private final long sampleBound;

    public KeepPolicy(int repeatThreshold, long sloMillis, double sampleRate) {
        this.repeatThreshold = repeatThreshold;
        this.sloNanos = sloMillis > 0 ? sloMillis * 1_000_000 : Long.MAX_VALUE;
        // kept when the trace id's low 63 bits fall below rate x 2^63 (the W3C id is random there)
        this.sampleBound = sampleRate >= 1 ? Long.MAX_VALUE : (long) (sampleRate * 0x1p63);
    }

    /** The reason to keep, or null to drop (the request still counts in the aggregates). */
    public String decide(LocalTrace trace, long durationNanos, boolean failed, long routeP95Nanos) {
        trace.baseSample = sampleBound == Long.MAX_VALUE || (trace.traceIdLow & Long.MAX_VALUE) < sampleBound;
        if (failed) {
            return ERROR;
        }
        if (trace.maxRepeats >= repeatThreshold) {
            return REPEATED_STATEMENT;
        }
        if (durationNanos > sloNanos || durationNanos > routeP95Nanos) {
            return SLOW;
        }
        if (trace.poolWaitNanos > 0 && trace.poolWaitNanos >= POOL_WAIT_SHARE * durationNanos) {
            return POOL_WAIT;
        }
        if (trace.upstreamSampled) {
            return UPSTREAM_SAMPLED;
        }
        if (trace.baseSample) {
            return BASE_RATE;
        }
        return null;
    }
}
