package dev.hotpath.agent.jfr;

import dev.hotpath.agent.AgentLog;
import dev.hotpath.agent.config.AgentConfig;
import dev.hotpath.agent.export.AgentCounters;

/**
 * Entry point of the JFR part: decides whether JFR can be used here and wires the per-request event
 * and the rotating recording. Touches no {@code jdk.jfr} class unless the JVM has the module.
 */
public final class JfrEvidence {
    private JfrEvidence() {
    }

    /** The per-request hook; {@link RequestEvents#NONE} when off or unavailable (one line says why). */
    public static RequestEvents install(AgentConfig config, AgentCounters counters) {
        return install(config, counters, () -> false);
    }

    /** As above; chunk uploads wait while {@code uploadsPaused} says true (the overload breaker sheds). */
    public static RequestEvents install(AgentConfig config, AgentCounters counters, java.util.function.BooleanSupplier uploadsPaused) {
        if (!config.jfr().enabled()) {
            return RequestEvents.NONE;
        }
        try {
            if (ModuleLayer.boot().findModule("jdk.jfr").isEmpty()) {
                AgentLog.info("JFR is not part of this runtime (no jdk.jfr module): JFR evidence disabled");
                return RequestEvents.NONE;
            }
            return installJfr(config, counters, uploadsPaused);
        } catch (Throwable t) {
            AgentLog.info("JFR evidence disabled: " + t);
            return RequestEvents.NONE;
        }
    }

    private static RequestEvents installJfr(AgentConfig config, AgentCounters counters, java.util.function.BooleanSupplier uploadsPaused) {
        if (!jdk.jfr.FlightRecorder.isAvailable()) {
            AgentLog.info("JFR is not available in this JVM: JFR evidence disabled");
            return RequestEvents.NONE;
        }
        ContinuousRecording recording = new ContinuousRecording(config, counters);
        recording.pauseUploadsWhile(uploadsPaused);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> recording.shutdown(config.shutdownFlushMillis()),
                "hotpath-jfr-shutdown"));
        return new JfrRequestEvents(recording);
    }
}
