package dev.hotpath.examples.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fresh JVM running an app class with (or without) the built agent jar; waits for the app's
 * "LISTENING &lt;port&gt;" line, keeps everything it prints, and stops it with SIGTERM.
 */
public final class ForkedJvm implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("LISTENING (\\d+)");

    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private final CountDownLatch ready = new CountDownLatch(1);
    private volatile int port = -1;
    private final Thread pump;

    private ForkedJvm(Process process) {
        this.process = process;
        this.pump = new Thread(this::pump, "forked-jvm-output");
        pump.setDaemon(true);
        pump.start();
    }

    /** Starts {@code java [-javaagent:agent=agentArgs] -cp classpath mainClass args...}. */
    public static ForkedJvm start(Path java, Path agentJar, String agentArgs, List<String> jvmOptions,
                                  Path classpath, String mainClass, String... args) throws IOException {
        return start(java, agentJar, agentArgs, jvmOptions, classpath.toString(), mainClass, args);
    }

    /** The test class path itself, for apps that live in the test sources (they need test-scoped libraries). */
    public static String testClassPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    public static ForkedJvm start(Path java, Path agentJar, String agentArgs, List<String> jvmOptions,
                                  String classpath, String mainClass, String... args) throws IOException {
        return start(java, agentJar, agentArgs, jvmOptions, classpath, Map.of(), mainClass, args);
    }

    /** As above, with extra environment variables for the app. */
    public static ForkedJvm start(Path java, Path agentJar, String agentArgs, List<String> jvmOptions,
                                  String classpath, Map<String, String> env, String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(java.toString());
        cmd.add("-Xmx256m");
        cmd.addAll(jvmOptions);
        if (agentJar != null) {
            cmd.add("-javaagent:" + agentJar + (agentArgs == null ? "" : "=" + agentArgs));
        }
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("HOTPATH_") || k.startsWith("OTEL_") || k.equals("JAVA_TOOL_OPTIONS"));
        pb.environment().putAll(env);
        return new ForkedJvm(pb.start());
    }

    private void pump() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                output.append(line).append('\n');
                Matcher m = LISTENING.matcher(line);
                if (port < 0 && m.find()) {
                    port = Integer.parseInt(m.group(1));
                    ready.countDown();
                }
            }
        } catch (IOException ignored) {
            // process gone
        } finally {
            ready.countDown();
        }
    }

    /** Waits for the LISTENING line; fails with everything the JVM printed if it never comes. */
    public int awaitPort(long seconds) throws InterruptedException {
        if (!ready.await(seconds, TimeUnit.SECONDS) || port < 0) {
            throw new IllegalStateException("forked JVM did not start listening; output:\n" + output);
        }
        return port;
    }

    /** Waits until the JVM has printed {@code text}; fails with everything it printed if it does not in time. */
    public void awaitOutput(String text, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!output.toString().contains(text)) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("no '" + text + "' within " + seconds + " s; output:\n" + output);
            }
            Thread.sleep(50);
        }
    }

    public String output() {
        return output.toString();
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the JVM to exit by itself; false if it is still running after {@code seconds}. */
    public boolean awaitExit(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            return false;
        }
        pump.join(5_000);
        return true;
    }

    public int exitValue() {
        return process.exitValue();
    }

    /** SIGTERM, so shutdown hooks (the agent's final flush) run; returns the exit code. */
    public int stop(long seconds) throws InterruptedException {
        process.toHandle().destroy(); // not Process.destroy(): that also closes our end of the pipe, and the last lines are lost
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            String dump = process.info().command().map(java -> ThreadDump.of(Path.of(java), process.pid())).orElse("no thread dump");
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
            throw new IllegalStateException("forked JVM did not stop within " + seconds + " s; output:\n" + output + "\nthreads:\n" + dump);
        }
        pump.join(5_000); // its last lines (shutdown hooks) are read before anyone looks at the output
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
