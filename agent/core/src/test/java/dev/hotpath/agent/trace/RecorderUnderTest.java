package dev.hotpath.agent.trace;

import dev.hotpath.agent.aggregate.Aggregates;
import dev.hotpath.agent.config.AgentConfig;
import dev.hotpath.agent.config.ConfigResolver;
import dev.hotpath.agent.export.AgentCounters;
import dev.hotpath.agent.export.TraceExporter;
import dev.hotpath.agent.pools.ConnectionPools;
import dev.hotpath.agent.pools.PoolSampler;
import dev.hotpath.agent.pools.ThreadPools;

/** A real {@link RequestRecorder} wired as the agent wires it, with these agent arguments; close stops its exporter. */
final class RecorderUnderTest implements AutoCloseable {
    final AgentCounters counters = new AgentCounters();
    final Aggregates aggregates = new Aggregates(100, 100, counters);
    final PoolSampler sampler = new PoolSampler(10, counters);
    final RequestRecorder recorder;
    private final TraceExporter exporter;

    RecorderUnderTest(String agentArgs) {
        AgentConfig config = new ConfigResolver(agentArgs, k -> null, k -> null).resolve();
        exporter = new TraceExporter(config, aggregates, counters, "test", sampler);
        recorder = new RequestRecorder(config, aggregates, exporter, counters, new ConnectionPools(sampler), new ThreadPools(sampler));
    }

    @Override
    public void close() {
        exporter.shutdown(0);
    }
}
