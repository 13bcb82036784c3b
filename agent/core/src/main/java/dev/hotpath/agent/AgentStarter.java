package dev.hotpath.agent;

import dev.hotpath.agent.aggregate.Aggregates;
import dev.hotpath.agent.config.AgentConfig;
import dev.hotpath.agent.config.ConfigResolver;
import dev.hotpath.agent.deep.DeepProfiling;
import dev.hotpath.agent.export.AgentCounters;
import dev.hotpath.agent.export.TraceExporter;
import dev.hotpath.agent.instrumentation.Instrumentations;
import dev.hotpath.agent.pools.ConnectionPools;
import dev.hotpath.agent.pools.PoolSampler;
import dev.hotpath.agent.jfr.JfrEvidence;
import dev.hotpath.agent.overload.OverloadGuard;
import dev.hotpath.agent.safety.FaultInjection;
import dev.hotpath.agent.pools.ThreadPools;
import dev.hotpath.agent.trace.RequestRecorder;
import dev.hotpath.bootstrap.HotpathHooks;

import java.lang.instrument.Instrumentation;

/** Wires the core once the boot class path holds the hooks. Starts no thread: export starts lazily. */
final class AgentStarter {
    static final String VERSION = versionOf();

    private AgentStarter() {
    }

    static void start(String args, Instrumentation inst) {
        long t0 = System.nanoTime();
        AgentConfig config = ConfigResolver.fromEnvironment(args);
        AgentLog.setDebug(config.debug());
        if (!config.enabled()) {
            AgentLog.info("disabled by configuration (enabled=false)");
            return;
        }
        AgentCounters counters = new AgentCounters();
        Aggregates aggregates = new Aggregates(config.maxRoutes(), config.maxQueries(), counters);
        PoolSampler pools = new PoolSampler(config.poolSampleMillis(), counters);
        TraceExporter exporter = new TraceExporter(config, aggregates, counters, VERSION, pools);
        RequestRecorder recorder = new RequestRecorder(config, aggregates, exporter, counters, new ConnectionPools(pools),
                new ThreadPools(pools));
        OverloadGuard overload = OverloadGuard.forJvm(config.overload(), counters);
        exporter.onStart(overload::start);
        recorder.overload(overload);
        recorder.requestEvents(JfrEvidence.install(config, counters, overload::shedding));
        HotpathHooks.install(FaultInjection.fromSystemProperty(recorder));
        try {
            exporter.everyStatsInterval(Instrumentations.install(inst, config));
        } catch (Throwable t) {
            HotpathHooks.setEnabled(false);
            throw t;
        }
        DeepProfiling deep = DeepProfiling.configure(ConfigResolver.deepFromEnvironment(args, config.jfr().dir()), config.instanceId(), counters);
        if (deep != null) {
            deep.pauseWhile(overload::shedding);
            exporter.onStart(deep::ensureStarted);
            exporter.onStatsResponse(deep::onCollectorResponse);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (deep != null) {
                deep.shutdown(1000);
            }
            exporter.shutdown(config.shutdownFlushMillis());
        }, "hotpath-shutdown"));
        AgentLog.info("agent " + VERSION + " started in " + (System.nanoTime() - t0) / 1_000_000 + " ms: service="
                + config.serviceName() + ", collector=" + config.collector());
    }

    private static String versionOf() {
        String v = AgentStarter.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
