package dev.hotpath.analyzer.demo;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A forked service JVM: its output goes to a log file; it is ready once it prints "LISTENING &lt;port&gt;". */
final class ServiceProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("LISTENING (\\d+)");

    private final Process process;
    private final CountDownLatch ready = new CountDownLatch(1);
    private volatile int port = -1;

    ServiceProcess(List<String> command, Path log) throws IOException {
        this.process = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedWriter writer = Files.newBufferedWriter(log, StandardCharsets.UTF_8);
        Thread pump = new Thread(() -> pump(writer), "service-output");
        pump.setDaemon(true);
        pump.start();
    }

    private void pump(BufferedWriter log) {
        try (log; BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                log.write(line);
                log.newLine();
                log.flush();
                if (line.startsWith("[hotpath]")) {
                    System.out.println("  service: " + line);
                }
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

    int awaitPort(long seconds) throws InterruptedException {
        if (!ready.await(seconds, TimeUnit.SECONDS) || port < 0) {
            throw new IllegalStateException("the service did not start listening within " + seconds + " s");
        }
        return port;
    }

    /** SIGTERM so the agent's shutdown hook delivers what it still holds. */
    void stop(long seconds) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
