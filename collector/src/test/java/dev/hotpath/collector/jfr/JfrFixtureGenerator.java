package dev.hotpath.collector.jfr;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import jdk.jfr.Name;
import jdk.jfr.Recording;
import jdk.jfr.StackTrace;

/**
 * Writes {@code collector/src/test/resources/jfr/contention.jfr}: a small recording with known
 * contention, in the agent's format. Four "request" threads serve {@value #REQUESTS} requests each on
 * three routes, each committing a {@code dev.hotpath.RequestSpan} event like the agent does:
 * <ul>
 *   <li>{@code GET /ledger}: {@code synchronized} on one {@link Ledger} (5 ms inside) -> jdk.JavaMonitorEnter;</li>
 *   <li>{@code GET /stock}: one {@link ReentrantLock} in {@link Stock} (5 ms inside) -> jdk.ThreadPark in AQS acquire;</li>
 *   <li>{@code GET /free}: the same 5 ms of work without a shared lock (the control).</li>
 * </ul>
 * Plus, outside any request: an idle pool worker polling its queue (parks in a condition wait, not a
 * lock), and a background thread posting to the same {@link Ledger} (monitor waits with no request on
 * the thread: not request contention). Trace ids have the high bit set (they must survive as unsigned
 * 64-bit halves). Regenerate (JDK 17+):
 * <pre>
 * mvn -o -q -pl collector -am test-compile
 * java -cp "collector/target/test-classes:collector/target/classes" dev.hotpath.collector.jfr.JfrFixtureGenerator \
 *      collector/src/test/resources/jfr/contention.jfr
 * </pre>
 * then re-run {@code JfrFixtureTest} (its numbers are ranges, so a regenerated file passes).
 */
public final class JfrFixtureGenerator {
    static final int THREADS = 4;
    static final int REQUESTS = 8;
    static final long TRACE_HIGH = 0x8000_0000_0000_0000L;

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

    static final class Ledger {
        private long total;

        synchronized void post(long amount) {
            busy(5);
            total += amount;
        }
    }

    static final class Stock {
        private final ReentrantLock lock = new ReentrantLock();
        private long reserved;

        void reserve(long n) {
            lock.lock();
            try {
                busy(5);
                reserved += n;
            } finally {
                lock.unlock();
            }
        }
    }

    static void busy(long ms) {
        long end = System.nanoTime() + ms * 1_000_000;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "collector/src/test/resources/jfr/contention.jfr");
        Map<String, String> settings = Map.of(
                "jdk.JavaMonitorEnter#enabled", "true", "jdk.JavaMonitorEnter#threshold", "1 ms", "jdk.JavaMonitorEnter#stackTrace", "true",
                "jdk.ThreadPark#enabled", "true", "jdk.ThreadPark#threshold", "1 ms", "jdk.ThreadPark#stackTrace", "true",
                "jdk.GCPhasePause#enabled", "true", "jdk.GCPhasePause#threshold", "0 ms",
                "dev.hotpath.RequestSpan#enabled", "true");
        Ledger ledger = new Ledger();
        Stock stock = new Stock();
        LinkedBlockingQueue<Runnable> work = new LinkedBlockingQueue<>();
        Thread idle = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    work.poll(20, TimeUnit.MILLISECONDS); // an idle worker waiting for work
                }
            } catch (InterruptedException ignored) {
                // done
            }
        }, "idle-worker");
        idle.setDaemon(true);
        Thread background = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                ledger.post(1); // contends with the requests, but serves none
            }
        }, "background-poster");
        background.setDaemon(true);
        try (Recording r = new Recording(settings)) {
            r.start();
            idle.start();
            background.start();
            List<Thread> threads = new ArrayList<>();
            CountDownLatch go = new CountDownLatch(1);
            for (int t = 0; t < THREADS; t++) {
                int worker = t;
                Thread th = new Thread(() -> serve(worker, ledger, stock, go), "request-" + t);
                threads.add(th);
                th.start();
            }
            go.countDown();
            for (Thread th : threads) {
                th.join();
            }
            background.interrupt();
            idle.interrupt();
            background.join();
            System.gc(); // one known pause
            Thread.sleep(50);
            r.stop();
            Files.createDirectories(out.toAbsolutePath().getParent());
            r.dump(out);
        }
        System.out.println("wrote " + out + " (" + Files.size(out) + " bytes)");
    }

    private static void serve(int worker, Ledger ledger, Stock stock, CountDownLatch go) {
        try {
            go.await();
        } catch (InterruptedException e) {
            return;
        }
        for (int i = 0; i < REQUESTS; i++) {
            request(worker, i, "/ledger", () -> ledger.post(1));
            request(worker, i, "/stock", () -> stock.reserve(1));
            request(worker, i, "/free", () -> busy(5));
        }
    }

    private static void request(int worker, int i, String route, Runnable work) {
        long startNanos = System.nanoTime();
        long startEpoch = System.currentTimeMillis() * 1_000_000;
        busy(1);
        work.run();
        RequestSpan e = new RequestSpan();
        e.traceIdHigh = TRACE_HIGH | worker;
        e.traceIdLow = ThreadLocalRandom.current().nextLong() | 1;
        e.spanId = ThreadLocalRandom.current().nextLong() | 1;
        e.method = "GET";
        e.route = route;
        e.kept = i % 2 == 0; // half the traces kept, as a sampling agent would
        e.startEpochNanos = startEpoch;
        e.durationNanos = System.nanoTime() - startNanos;
        e.commit();
    }

    private JfrFixtureGenerator() {
    }

}
