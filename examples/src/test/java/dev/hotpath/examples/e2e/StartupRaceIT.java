package dev.hotpath.examples.e2e;

import com.sun.tools.attach.VirtualMachine;
import dev.hotpath.examples.e2e.apps.StartupRaceAgent;
import dev.hotpath.examples.e2e.apps.StartupRaceApp;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Start-up races (issue 7, item 6): JVMs whose threads load and use every kind of class the agent
 * instruments (JDBC through DriverManager, HikariCP and a throwaway URLClassLoader; four HTTP clients;
 * executors) while hotpath's premain runs, started there by another agent listed first (four threads), then
 * from main (four more); and JVMs the agent is attached to while four threads do the same. Zero hangs: a start that does not finish within its
 * timeout gets a thread dump (jcmd Thread.print) in the failure, then fails the test. Every start must
 * print the app's own STARTUP OK (each call behaved as without an agent) and the agent's start line.
 * {@code -Dhotpath.it.startups=N} and {@code -Dhotpath.it.attaches=N} (default 3 and 1 per JDK);
 * {@code examples/soak/startup-races.sh} runs 100 starts.
 */
class StartupRaceIT {
    /** Few by default: on a shared 2-core machine one start takes 10-60 s (the script runs 100). */
    static final int STARTS = Integer.getInteger("hotpath.it.startups", 3);
    static final int ATTACHES = Integer.getInteger("hotpath.it.attaches", 1);
    /** Generous: on a busy 2-core machine a start takes 5-30 s; a deadlock never ends, however long the wait. */
    static final long TIMEOUT_SECONDS = Long.getLong("hotpath.it.startup.timeout", 180);
    static final String AGENT_ARGS = "collector=http://127.0.0.1:1,service.name=race,shutdown.flush.ms=500";

    static List<Path> javas() {
        return JavaRuntimes.available();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("javas")
    void noStartHangsWhileClassesLoadDuringPremain(Path java, @TempDir Path dir) throws Exception {
        Path racer = racerAgentJar(dir);
        ExecutorService starts = Executors.newFixedThreadPool(2); // two JVMs at a time: a busy machine, as at a fleet's restart
        try {
            List<Future<String>> runs = new ArrayList<>();
            for (int i = 0; i < STARTS; i++) {
                int n = i;
                runs.add(starts.submit(() -> startWithPremainRace(java, racer, n)));
            }
            for (int i = 0; i < ATTACHES; i++) {
                int n = i;
                runs.add(starts.submit(() -> startWithAttachRace(java, dir.resolve("attached-" + n), n)));
            }
            for (Future<String> run : runs) {
                System.out.println(run.get());
            }
        } finally {
            starts.shutdownNow();
        }
    }

    private static String startWithPremainRace(Path java, Path racer, int n) throws Exception {
        long t0 = System.nanoTime();
        try (ForkedJvm app = ForkedJvm.start(java, Builds.agentJar(), AGENT_ARGS, List.of("-javaagent:" + racer),
                ForkedJvm.testClassPath(), StartupRaceApp.class.getName(), "premain")) {
            return finished(java, app, "premain start " + n, t0);
        }
    }

    private static String startWithAttachRace(Path java, Path attached, int n) throws Exception {
        long t0 = System.nanoTime();
        try (ForkedJvm app = ForkedJvm.start(java, null, null, List.of("-XX:+EnableDynamicAgentLoading"),
                ForkedJvm.testClassPath(), StartupRaceApp.class.getName(), "attach", attached.toString())) {
            app.awaitPort(TIMEOUT_SECONDS);
            VirtualMachine vm = VirtualMachine.attach(String.valueOf(app.pid()));
            try {
                vm.loadAgent(Builds.agentJar().toString(), AGENT_ARGS);
            } finally {
                vm.detach();
            }
            Files.createFile(attached);
            return finished(java, app, "attach " + n, t0);
        }
    }

    /** The watchdog: a start that does not end in time is a hang, shown with its threads. */
    private static String finished(Path java, ForkedJvm app, String what, long t0) throws Exception {
        if (!app.awaitExit(TIMEOUT_SECONDS)) {
            String dump = ThreadDump.of(java, app.pid());
            throw new AssertionError(what + " on " + java + " hung (no exit within " + TIMEOUT_SECONDS + " s)\n--- output\n"
                    + app.output() + "\n--- jcmd Thread.print\n" + dump);
        }
        String out = app.output();
        assertEquals(0, app.exitValue(), what + ": exit code\n" + out);
        assertTrue(out.contains("STARTUP OK"), what + ": every call behaved as without an agent\n" + out);
        assertTrue(out.contains("[hotpath] agent ") && out.contains(" started in "), what + ": the agent started\n" + out);
        assertFalse(out.contains("LinkageError") || out.contains("ClassCircularityError") || out.contains("not instrumenting"), what + "\n" + out);
        return String.format("%s on %s: %.1f s, %s", what, java, (System.nanoTime() - t0) / 1e9,
                out.lines().filter(l -> l.startsWith("STARTUP")).findFirst().orElse(""));
    }

    /** A manifest-only jar naming the racer agent; its class comes from the class path. */
    static Path racerAgentJar(Path dir) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Premain-Class", StartupRaceAgent.class.getName());
        Path jar = dir.resolve("race-agent.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, manifest)) {
            j.flush();
        }
        return jar;
    }
}
