package dev.hotpath.agent;

import java.lang.instrument.Instrumentation;

/**
 * The {@code -javaagent} entry point. Puts the JDK-only hooks on the boot class path first, then
 * starts the core; any failure leaves one line on stderr and the application running uninstrumented.
 * This class must not reference bootstrap types: they are not loadable until the jar is appended.
 */
public final class HotpathAgent {
    private static volatile boolean started;

    private HotpathAgent() {
    }

    public static void premain(String args, Instrumentation inst) {
        start(args, inst);
    }

    public static void agentmain(String args, Instrumentation inst) {
        start(args, inst);
    }

    private static synchronized void start(String args, Instrumentation inst) {
        if (started) {
            AgentLog.info("already running in this JVM; ignoring the second start");
            return;
        }
        started = true;
        try {
            BootstrapJar.appendTo(inst);
            AgentStarter.start(args, inst);
        } catch (Throwable t) {
            AgentLog.info("agent failed to start, the application runs without it: " + t);
        }
    }
}
