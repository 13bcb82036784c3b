package dev.hotpath.collector.stats;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Takes each agent's counters in exactly once. An agent numbers its stats posts ({@code seq}) and moves to the
 * next number only when a post is acknowledged; a post that got no answer goes again under the same number with
 * its counters plus the ones counted since. When the first one had arrived after all (its answer was lost, or came
 * after the agent's timeout), only the difference is new. Per instance this remembers the last number and the
 * counters taken under it; a post under an older number is a late copy of one already covered. Posts without a
 * number (older agents, hand-written tests) are taken as they are. Not thread-safe: the caller serialises.
 */
final class CounterDeliveries {
    private record Last(long seq, Map<String, Long> counters) {
    }

    private final Map<String, Last> byInstance;
    private final CollectorCounters counters;

    CounterDeliveries(int maxInstances, CollectorCounters counters) {
        this.counters = counters;
        this.byInstance = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Last> eldest) {
                return size() > maxInstances; // forgetting an instance risks one resend counted twice, not memory
            }
        };
    }

    /** The part of {@code reported} not yet taken in from this instance. */
    Map<String, Long> newPart(String instance, long seq, Map<String, Long> reported) {
        if (seq <= 0 || instance == null) {
            return reported;
        }
        Last last = byInstance.get(instance);
        if (last == null || seq > last.seq()) {
            byInstance.put(instance, new Last(seq, new HashMap<>(reported)));
            return reported;
        }
        if (seq < last.seq()) {
            counters.increment("stats.counters.stale");
            return Map.of();
        }
        counters.increment("stats.counters.resent");
        Map<String, Long> fresh = new LinkedHashMap<>();
        reported.forEach((name, value) -> {
            long before = last.counters().getOrDefault(name, 0L);
            if (value > before) {
                fresh.put(name, value - before);
                last.counters().put(name, value);
            }
        });
        return fresh;
    }
}
