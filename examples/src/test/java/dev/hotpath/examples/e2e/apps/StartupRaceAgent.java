package dev.hotpath.examples.e2e.apps;

import java.lang.instrument.Instrumentation;

/**
 * A second agent, listed before hotpath's on the command line, whose premain starts threads that load
 * and use instrumented classes and returns at once: those threads run while hotpath's premain installs
 * its transformers and retransforms, the start-up race real deployments see with several agents.
 */
public final class StartupRaceAgent {
    private StartupRaceAgent() {
    }

    public static void premain(String args, Instrumentation inst) {
        ClassLoadingRace.start("race-premain", 4, ClassLoadingRace.KINDS / 2);
    }
}
