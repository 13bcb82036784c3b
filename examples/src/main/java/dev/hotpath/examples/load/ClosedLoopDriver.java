package dev.hotpath.examples.load;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A closed-model load generator for saturation throughput: {@code connections} workers each send the next request as
 * soon as the previous one returns (no think time), for a warm-up and then a measured window. The service is kept
 * busy all the time, so completed requests per second over the window is its saturation throughput; latency is
 * measured from send to completion (a closed loop has no schedule to fall behind, so no coordinated-omission claim).
 */
public final class ClosedLoopDriver {
    private ClosedLoopDriver() {
    }

    /**
     * Runs {@code connections} workers for {@code warmup + duration}; the plan supplies the target, the request mix
     * (or {@code --path}), the id ranges, the seed and the request timeout. The rate and phases of the plan are unused.
     */
    public static LoadResult run(LoadPlan plan, int connections, Duration warmup, Duration duration, Consumer<String> progress)
            throws InterruptedException {
        if (connections < 1) {
            throw new IllegalArgumentException("connections must be >= 1");
        }
        LoopbackTarget.require(plan.target());
        Map<Endpoint, EndpointStats> stats = new EnumMap<>(Endpoint.class);
        for (Endpoint endpoint : plan.mix().weights().keySet()) {
            stats.put(endpoint, new EndpointStats(endpoint, plan.routeOf(endpoint)));
        }
        RequestFactory requests = new RequestFactory(plan);
        ExecutorService httpExecutor = Executors.newCachedThreadPool(daemonThreads("load-http"));
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .executor(httpExecutor)
                .build();
        Instant startedAt = Instant.now();
        long start = System.nanoTime();
        ClosedLoopWindow window = new ClosedLoopWindow(start, warmup.toNanos(), duration.toNanos());
        AtomicInteger measured = new AtomicInteger();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Random random = new Random(plan.seed() + i);
            Thread worker = new Thread(() -> loop(client, requests, plan.mix(), random, stats, window, measured),
                    "load-worker-" + (i + 1));
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
        long lastReport = start;
        int lastCount = 0;
        while (System.nanoTime() - window.end() < 0) {
            Thread.sleep(Math.max(1, Math.min(1000, (window.end() - System.nanoTime()) / 1_000_000)));
            long now = System.nanoTime();
            if (now - lastReport >= TimeUnit.SECONDS.toNanos(1)) {
                int count = measured.get();
                progress.accept(String.format(Locale.ROOT, "[load] t=%ds %s connections=%d measured=%d (%.0f/s)",
                        Math.round((now - start) / 1e9), window.measures(now) ? "measuring" : "warm-up", connections,
                        count, (count - lastCount) / ((now - lastReport) / 1e9)));
                lastReport = now;
                lastCount = count;
            }
        }
        // Workers stop at the end of the window; one still waiting for a slow answer gets the request timeout.
        long joinDeadline = System.nanoTime() + plan.requestTimeout().toNanos() + TimeUnit.SECONDS.toNanos(1);
        for (Thread worker : workers) {
            worker.join(Math.max(1, (joinDeadline - System.nanoTime()) / 1_000_000));
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        List<EndpointResult> endpoints = new ArrayList<>();
        for (EndpointStats endpointStats : stats.values()) {
            endpoints.add(endpointStats.close(window.seconds()));
        }
        httpExecutor.shutdownNow();
        return new LoadResult(plan, startedAt, window.seconds(), elapsed, endpoints,
                LoadDriver.sum(endpoints, window.seconds()), 0, 0, List.of(), connections, warmup.toMillis() / 1000.0);
    }

    private static void loop(HttpClient client, RequestFactory requests, RequestMix mix, Random random,
                             Map<Endpoint, EndpointStats> stats, ClosedLoopWindow window, AtomicInteger measured) {
        while (System.nanoTime() - window.end() < 0) {
            Endpoint endpoint = mix.pick(random);
            HttpRequest request = requests.create(endpoint, random);
            long sent = System.nanoTime();
            String error;
            try {
                HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
                error = response.statusCode() == endpoint.expectedStatus() ? null : "http " + response.statusCode();
            } catch (HttpTimeoutException e) {
                error = "timeout";
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                error = e.getClass().getSimpleName();
            }
            long done = System.nanoTime();
            if (window.measures(done)) {
                EndpointStats s = stats.get(endpoint);
                s.scheduled();
                s.sent();
                s.completed((done - sent) / 1_000, error);
                measured.incrementAndGet();
            }
            if (error != null && !error.startsWith("http ")) {
                // a refused or broken connection: back off a little instead of spinning on a dead target
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String name) {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread t = new Thread(runnable, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
