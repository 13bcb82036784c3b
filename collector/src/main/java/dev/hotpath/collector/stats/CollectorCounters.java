package dev.hotpath.collector.stats;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Named monotonically increasing counters: the collector's own, and the agents' (summed from stats posts). */
public final class CollectorCounters {
    private final ConcurrentHashMap<String, LongAdder> collector = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> agent = new ConcurrentHashMap<>();
    private static final int MAX_AGENT_COUNTERS = 256;

    public void increment(String name) {
        add(name, 1);
    }

    public void add(String name, long delta) {
        collector.computeIfAbsent(name, k -> new LongAdder()).add(delta);
    }

    /** Adds an agent-reported delta; the number of distinct agent counter names is bounded. */
    public void addAgent(String name, long delta) {
        LongAdder a = agent.get(name);
        if (a == null) {
            if (agent.size() >= MAX_AGENT_COUNTERS) {
                increment("stats.agent_counters_shed");
                return;
            }
            a = agent.computeIfAbsent(name, k -> new LongAdder());
        }
        a.add(delta);
    }

    public long get(String name) {
        LongAdder a = collector.get(name);
        return a == null ? 0 : a.sum();
    }

    public long getAgent(String name) {
        LongAdder a = agent.get(name);
        return a == null ? 0 : a.sum();
    }

    /** Sum of every collector counter whose name starts with {@code prefix}. */
    public long sumPrefix(String prefix) {
        long sum = 0;
        for (Map.Entry<String, LongAdder> e : collector.entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                sum += e.getValue().sum();
            }
        }
        return sum;
    }

    public Map<String, Long> collectorSnapshot() {
        return snapshot(collector);
    }

    public Map<String, Long> agentSnapshot() {
        return snapshot(agent);
    }

    private static Map<String, Long> snapshot(Map<String, LongAdder> m) {
        Map<String, Long> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
