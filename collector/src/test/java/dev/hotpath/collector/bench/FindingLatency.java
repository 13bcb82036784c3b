package dev.hotpath.collector.bench;

import dev.hotpath.collector.Collector;
import dev.hotpath.collector.CollectorConfig;
import dev.hotpath.collector.findings.Finding;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Time from a request's end to its finding, end to end through a real {@link Collector} on loopback with the
 * default settings (quiet period 1 s, flush every 2 s): each run posts one request's whole trace (an N+1 of 18
 * statements, as the agent exports it when the request ends) on a route of its own, so its finding is new; a
 * watcher polls {@link Collector#findings()} (published after findings.jsonl is written) every millisecond and
 * notes when the route's finding appears. Runs start {@code spacingMs} apart, overlapping.
 * Prints {@code runs p50_ms p99_ms max_ms}. Usage: {@code FindingLatency [runs] [spacingMs]} (default 200 50).
 */
public final class FindingLatency {
    private FindingLatency() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        long spacingMs = args.length > 1 ? Long.parseLong(args[1]) : 50;
        Path dir = Files.createTempDirectory("hotpath-latency");
        Map<String, Long> posted = new ConcurrentHashMap<>();
        Map<String, Long> found = new ConcurrentHashMap<>();
        try (Collector collector = Collector.start(CollectorConfig.builder(dir).listen("127.0.0.1", 0).build())) {
            Thread watcher = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted() && found.size() < runs) {
                    for (Finding f : collector.findings()) {
                        found.computeIfAbsent(f.endpoint().route(), r -> System.nanoTime());
                    }
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "finding-watcher");
            watcher.setDaemon(true);
            watcher.start();
            HttpClient http = HttpClient.newHttpClient();
            URI traces = URI.create(collector.endpoint() + "/v1/traces");
            for (int i = 0; i < runs; i++) {
                String route = "/bench/" + i + "/owners/{id}";
                byte[] body = AgentBatch.oneTrace(String.format("5eed%012x%016x", i, System.nanoTime() | (1L << 63)), route,
                        System.currentTimeMillis() * 1_000_000L);
                long t0 = System.nanoTime();
                posted.put(route, t0);
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(traces).header("Content-Type", "application/x-protobuf")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("collector answered " + r.statusCode());
                }
                Thread.sleep(spacingMs);
            }
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (found.size() < runs && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            watcher.interrupt();
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        List<Long> ms = new ArrayList<>();
        posted.forEach((route, t0) -> {
            Long t1 = found.get(route);
            if (t1 != null) {
                ms.add((t1 - t0) / 1_000_000);
            }
        });
        if (ms.size() < runs) {
            throw new IllegalStateException((runs - ms.size()) + " of " + runs + " requests got no finding within 30 s");
        }
        long[] sorted = ms.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("%d %d %d %d%n", sorted.length, percentile(sorted, 50), percentile(sorted, 99), sorted[sorted.length - 1]);
        System.err.println("latencies ms: " + Arrays.toString(sorted));
    }

    static long percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
