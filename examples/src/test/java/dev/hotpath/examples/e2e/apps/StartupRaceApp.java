package dev.hotpath.examples.e2e.apps;

/**
 * {@code premain}: joins the threads {@link StartupRaceAgent} started during premain, racing with its own
 * from main, and exits. {@code attach <file>}: prints a LISTENING line (no port), so the test attaches the agent
 * while four threads load and use instrumented classes, round after round until the test creates the file. Prints {@code STARTUP OK} when
 * every call behaved as without an agent.
 */
public final class StartupRaceApp {
    private StartupRaceApp() {
    }

    public static void main(String[] args) throws Exception {
        boolean attach = args.length > 1 && args[0].equals("attach");
        if (attach) {
            // rounds of first uses (fresh loaders, fresh clients) until the test has attached the agent, then one more
            java.nio.file.Path attached = java.nio.file.Path.of(args[1]);
            System.out.println("LISTENING 0 (no port: the race is on, attach now)");
            do {
                ClassLoadingRace.start("race-main", 4, ClassLoadingRace.KINDS / 2);
                ClassLoadingRace.joinAll();
            } while (!java.nio.file.Files.exists(attached));
        }
        ClassLoadingRace.start("race-main", 4, ClassLoadingRace.KINDS / 2);
        ClassLoadingRace.joinAll();
        System.out.println((ClassLoadingRace.FAILED.get() == 0 ? "STARTUP OK " : "STARTUP FAILED ") + ClassLoadingRace.DONE.get()
                + " calls, " + ClassLoadingRace.FAILED.get() + " failed");
        System.exit(ClassLoadingRace.FAILED.get() == 0 ? 0 : 1);
    }
}
