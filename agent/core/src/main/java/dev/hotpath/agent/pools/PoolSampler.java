package dev.hotpath.agent.pools;

import dev.hotpath.agent.export.AgentCounters;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Samples every registered pool on the exporter thread (at most every {@code pool.sample.ms}) and
 * folds the readings into one {@link PoolInterval} per pool per stats interval. Bounded: past
 * {@link #MAX_POOLS} pools, new ones are refused and counted.
 */
public final class PoolSampler {
    static final int MAX_POOLS = 256;

    private final CopyOnWriteArrayList<Tracked> pools = new CopyOnWriteArrayList<>();
    private final AgentCounters counters;
    private final long periodNanos;
    private long nextSampleNanos;

    public PoolSampler(long periodMillis, AgentCounters counters) {
        this.periodNanos = periodMillis * 1_000_000L;
        this.counters = counters;
    }

    /** Any thread: start sampling this pool. Callers register each pool once. */
    public void register(PoolGauge gauge) {
        if (pools.size() >= MAX_POOLS) {
            counters.increment(AgentCounters.POOLS_OVERFLOW);
            return;
        }
        pools.add(new Tracked(gauge));
    }

    /** Exporter thread: samples all pools when the period has passed. */
    public void sampleIfDue(long nowNanos) {
        if (nowNanos - nextSampleNanos < 0) {
            return;
        }
        nextSampleNanos = nowNanos + periodNanos;
        PoolReading reading = new PoolReading();
        for (Tracked t : pools) {
            reading.clear();
            boolean alive;
            try {
                alive = t.gauge.read(reading);
            } catch (Throwable e) {
                counters.increment(AgentCounters.AGENT_ERRORS);
                alive = false;
            }
            if (alive) {
                t.add(reading);
            } else {
                pools.remove(t);
            }
        }
    }

    /** Exporter thread: this interval's figures for every pool sampled in it; starts the next one. */
    public List<PoolInterval> drain() {
        List<PoolInterval> out = new ArrayList<>();
        for (Tracked t : pools) {
            PoolInterval i = t.drain();
            if (i != null) {
                out.add(i);
            }
        }
        return out;
    }

    /** A pool's figures over one stats interval (sizes from the last sample; counts are deltas). */
    public record PoolInterval(PoolKind kind, String name, int core, int max, int samples, int samplesAtMax,
                               double activeMean, int activeMax, double pendingMean, int pendingMax, int idle,
                               long completed, long rejected, long timeouts) {
    }

    private static final class Tracked {
        final PoolGauge gauge;
        int samples;
        int samplesAtMax;
        long activeSum;
        int activeMax;
        long pendingSum;
        int pendingMax;
        final PoolReading last = new PoolReading();
        long completedSent = -1;
        long rejectedSent = -1;
        long timeoutsSent = -1;

        Tracked(PoolGauge gauge) {
            this.gauge = gauge;
            last.clear();
        }

        void add(PoolReading r) {
            samples++;
            if (r.max > 0 && r.active >= r.max) {
                samplesAtMax++;
            }
            activeSum += Math.max(0, r.active);
            activeMax = Math.max(activeMax, r.active);
            pendingSum += Math.max(0, r.pending);
            pendingMax = Math.max(pendingMax, r.pending);
            last.core = r.core;
            last.max = r.max;
            last.active = r.active;
            last.idle = r.idle;
            last.pending = r.pending;
            last.completed = r.completed;
            last.rejected = r.rejected;
            last.timeouts = r.timeouts;
        }

        PoolInterval drain() {
            if (samples == 0) {
                return null;
            }
            PoolInterval i = new PoolInterval(gauge.kind(), gauge.name(), last.core, last.max, samples, samplesAtMax,
                    (double) activeSum / samples, activeMax, (double) pendingSum / samples, pendingMax, last.idle,
                    delta(last.completed, completedSent), delta(last.rejected, rejectedSent), delta(last.timeouts, timeoutsSent));
            completedSent = last.completed;
            rejectedSent = last.rejected;
            timeoutsSent = last.timeouts;
            samples = 0;
            samplesAtMax = 0;
            activeSum = 0;
            activeMax = 0;
            pendingSum = 0;
            pendingMax = 0;
            return i;
        }

        /** Change since the last interval; the first interval sends the whole count; -1 when unknown. */
        private static long delta(long now, long sent) {
            if (now < 0) {
                return -1;
            }
            return sent < 0 ? now : Math.max(0, now - sent);
        }
    }
}
