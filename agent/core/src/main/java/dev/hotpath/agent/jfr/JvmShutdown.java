package dev.hotpath.agent.jfr;

/** Whether the JVM has begun to exit: the runtime refuses new shutdown hooks from then on. */
final class JvmShutdown {
    private JvmShutdown() {
    }

    static boolean inProgress() {
        Thread probe = new Thread(() -> { }, "hotpath-shutdown-probe"); // never started
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException shuttingDown) {
            return true;
        }
    }
}
