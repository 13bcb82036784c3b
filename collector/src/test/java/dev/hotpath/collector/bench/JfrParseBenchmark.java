package dev.hotpath.collector.bench;

import dev.hotpath.collector.jfr.ChunkMeta;
import dev.hotpath.collector.jfr.JfrChunkParser;
import dev.hotpath.collector.jfr.ParsedChunk;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Name;
import jdk.jfr.Recording;
import jdk.jfr.StackTrace;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JFR parse rate: one uploaded chunk through {@link JfrChunkParser#parse} (JMC's parser plus our extraction), as
 * {@code POST /v1/hotpath/jfr} does. {@code fixture}: the committed test recording (contention.jfr);
 * {@code recorded}: a recording this benchmark makes at set-up with the agent's event types (request events,
 * execution samples, monitor waits, parks, GC pauses) from three busy request threads for 3 s. MB/s = bytes per
 * op x ops/s; the {@code work} (bytes) and {@code cpuNanos} counters give MB per CPU-second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class JfrParseBenchmark {
    @Param({"fixture", "recorded"})
    public String recording;

    private static final ChunkMeta META = new ChunkMeta("shop", "shop-1", "continuous", null, null);
    private byte[] jfr;

    @Setup(Level.Trial)
    public void load() throws Exception {
        if (recording.equals("fixture")) {
            try (InputStream in = JfrParseBenchmark.class.getResourceAsStream("/jfr/contention.jfr")) {
                jfr = in.readAllBytes();
            }
        } else {
            jfr = record(Duration3s.MILLIS);
        }
        System.out.println("jfr bytes: " + jfr.length);
    }

    @Benchmark
    public ParsedChunk parse(ThreadCpu cpu) throws JfrChunkParser.UnreadableChunk {
        long c0 = ThreadCpu.now();
        ParsedChunk chunk = JfrChunkParser.parse(jfr, META);
        cpu.cpuNanos += ThreadCpu.now() - c0;
        cpu.work += jfr.length;
        return chunk;
    }

    private static final class Duration3s {
        static final long MILLIS = 3000;
    }

    @Name("dev.hotpath.RequestSpan")
    @StackTrace(false)
    static final class RequestSpan extends jdk.jfr.Event {
        long traceIdHigh;
        long traceIdLow;
        long spanId;
        String method;
        String route;
        boolean kept;
        long startEpochNanos;
        long durationNanos;
    }

    /** Three request threads: CPU work, a contended monitor now and then, a park; one request event each. */
    static byte[] record(long millis) throws IOException, InterruptedException {
        Map<String, String> settings = Map.ofEntries(
                Map.entry("jdk.JavaMonitorEnter#enabled", "true"), Map.entry("jdk.JavaMonitorEnter#threshold", "1 ms"),
                Map.entry("jdk.JavaMonitorEnter#stackTrace", "true"),
                Map.entry("jdk.ThreadPark#enabled", "true"), Map.entry("jdk.ThreadPark#threshold", "1 ms"),
                Map.entry("jdk.ThreadPark#stackTrace", "true"),
                Map.entry("jdk.ExecutionSample#enabled", "true"), Map.entry("jdk.ExecutionSample#period", "10 ms"),
                Map.entry("jdk.GarbageCollection#enabled", "true"), Map.entry("jdk.GarbageCollection#threshold", "0 ms"),
                Map.entry("jdk.GCPhasePause#enabled", "true"), Map.entry("jdk.GCPhasePause#threshold", "0 ms"),
                Map.entry("dev.hotpath.RequestSpan#enabled", "true"));
        Object lock = new Object();
        Path file = Files.createTempFile("hotpath-bench", ".jfr");
        try (Recording r = new Recording(settings)) {
            r.start();
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            CountDownLatch done = new CountDownLatch(3);
            for (int t = 0; t < 3; t++) {
                int worker = t;
                new Thread(() -> {
                    long n = 0;
                    while (System.nanoTime() < end) {
                        long start = System.nanoTime();
                        long startEpoch = System.currentTimeMillis() * 1_000_000;
                        double x = 0;
                        for (int i = 0; i < 20_000; i++) {
                            x += Math.sqrt(i + n);
                        }
                        byte[] garbage = new byte[4096 + (int) (x % 7)];
                        if (n % 50 == worker) {
                            synchronized (lock) {
                                sleepMs(2);
                            }
                        }
                        RequestSpan e = new RequestSpan();
                        e.traceIdHigh = 0x8000_0000_0000_0000L | worker;
                        e.traceIdLow = ++n;
                        e.spanId = n * 31 + garbage.length;
                        e.method = "GET";
                        e.route = worker == 0 ? "/owners/{id}" : "/vets";
                        e.kept = n % 10 == 0;
                        e.startEpochNanos = startEpoch;
                        e.durationNanos = System.nanoTime() - start;
                        e.commit();
                    }
                    done.countDown();
                }, "request-" + t).start();
            }
            done.await();
            r.stop();
            r.dump(file);
            return Files.readAllBytes(file);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static void sleepMs(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
