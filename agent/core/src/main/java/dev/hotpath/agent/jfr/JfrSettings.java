package dev.hotpath.agent.jfr;

import dev.hotpath.agent.config.JfrConfig;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The recording's event settings: an allow list. Every other event type the JVM knows is switched
 * off explicitly, so nothing that carries environment variables, system properties, command lines
 * (jdk.InitialEnvironmentVariable, jdk.InitialSystemProperty, jdk.JVMInformation, jdk.SystemProcess,
 * jdk.ProcessStart) or heap contents (jdk.OldObjectSample) is recorded by us.
 */
final class JfrSettings {
    static final String MONITOR_ENTER = "jdk.JavaMonitorEnter";
    static final String THREAD_PARK = "jdk.ThreadPark";
    static final String EXECUTION_SAMPLE = "jdk.ExecutionSample";
    static final String GARBAGE_COLLECTION = "jdk.GarbageCollection";
    static final String GC_PHASE_PAUSE = "jdk.GCPhasePause";
    static final String VIRTUAL_THREAD_PINNED = "jdk.VirtualThreadPinned"; // JDK 21+

    /** Event types this recording may contain. */
    static final Set<String> ALLOWED = Set.of(MONITOR_ENTER, THREAD_PARK, EXECUTION_SAMPLE, GARBAGE_COLLECTION,
            GC_PHASE_PAUSE, VIRTUAL_THREAD_PINNED, RequestSpanEvent.NAME);

    private JfrSettings() {
    }

    /** Settings for the allowed events that exist in this JVM, and enabled=false for all other {@code known} types. */
    static Map<String, String> of(JfrConfig config, Collection<String> known) {
        Map<String, String> s = new HashMap<>();
        for (String name : known) {
            if (!ALLOWED.contains(name)) {
                s.put(name + "#enabled", "false");
            }
        }
        String lock = config.lockThresholdMillis() + " ms";
        blocking(s, MONITOR_ENTER, lock);
        blocking(s, THREAD_PARK, lock);
        if (known.contains(VIRTUAL_THREAD_PINNED)) {
            blocking(s, VIRTUAL_THREAD_PINNED, lock);
        }
        s.put(EXECUTION_SAMPLE + "#enabled", "true");
        s.put(EXECUTION_SAMPLE + "#period", config.samplePeriodMillis() + " ms");
        for (String gc : new String[] {GARBAGE_COLLECTION, GC_PHASE_PAUSE}) {
            s.put(gc + "#enabled", "true");
            s.put(gc + "#threshold", "0 ms");
        }
        s.put(RequestSpanEvent.NAME + "#enabled", "true");
        s.put(RequestSpanEvent.NAME + "#threshold", "0 ms");
        s.put(RequestSpanEvent.NAME + "#stackTrace", "false");
        return s;
    }

    private static void blocking(Map<String, String> s, String name, String threshold) {
        s.put(name + "#enabled", "true");
        s.put(name + "#threshold", threshold);
        s.put(name + "#stackTrace", "true");
    }
}
