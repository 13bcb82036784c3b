package dev.hotpath.agent.aggregate;

import dev.hotpath.agent.pools.PoolKind;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Time one route's requests spent waiting for pools (a connection from a connection pool, a thread
 * of a thread pool), per pool. Written at the end of every request; drained per stats interval.
 * Bounded per route: waits on pools beyond {@link #MAX_POOLS} are folded into one overflow entry.
 */
public final class PoolWaits {
    static final int MAX_POOLS = 16;

    private final ConcurrentHashMap<String, Wait> waits = new ConcurrentHashMap<>();

    public void record(PoolKind kind, String pool, long nanos, boolean timedOut) {
        String key = kind.wireName + '\u0000' + pool;
        Wait w = waits.get(key);
        if (w == null) {
            w = waits.size() >= MAX_POOLS
                    ? waits.computeIfAbsent(kind.wireName + '\u0000' + Aggregates.OVERFLOW, k -> new Wait(kind, Aggregates.OVERFLOW))
                    : waits.computeIfAbsent(key, k -> new Wait(kind, pool));
        }
        w.count.increment();
        w.totalNanos.add(Math.max(0, nanos));
        if (timedOut) {
            w.timeouts.increment();
        }
    }

    /** Exporter thread: this interval's waits (pools with at least one wait). */
    public List<Interval> drain() {
        List<Interval> out = new ArrayList<>();
        for (Wait w : waits.values()) {
            long count = w.count.sumThenReset();
            long total = w.totalNanos.sumThenReset();
            long timeouts = w.timeouts.sumThenReset();
            if (count > 0) {
                out.add(new Interval(w.kind, w.pool, count, total, timeouts));
            }
        }
        return out;
    }

    public record Interval(PoolKind kind, String pool, long count, long totalNanos, long timeouts) {
    }

    private static final class Wait {
        final PoolKind kind;
        final String pool;
        final LongAdder count = new LongAdder();
        final LongAdder totalNanos = new LongAdder();
        final LongAdder timeouts = new LongAdder();

        Wait(PoolKind kind, String pool) {
            this.kind = kind;
            this.pool = pool;
        }
    }
}
