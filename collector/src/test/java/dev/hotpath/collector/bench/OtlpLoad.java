package dev.hotpath.collector.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Posts agent export batches ({@link AgentBatch}: 529 spans, new trace ids each time) as OTLP protobuf to a
 * collector at a fixed rate for a while, from one connection like one agent's exporter, and prints one line
 * every 30 s and at the end: {@code load elapsed_s spans_posted spans_per_s non_200}. Batches that fall behind
 * schedule are sent at once (no coordinated omission in the rate; the collector's backpressure shows as a
 * lower achieved rate). Usage: {@code OtlpLoad http://127.0.0.1:4318 SPANS_PER_SECOND SECONDS}.
 */
public final class OtlpLoad {
    private OtlpLoad() {
    }

    public static void main(String[] args) throws Exception {
        URI traces = URI.create(args[0] + "/v1/traces");
        double spansPerSecond = Double.parseDouble(args[1]);
        long seconds = Long.parseLong(args[2]);
        AgentBatch batch = AgentBatch.create(false, System.nanoTime() & 0xffff_ffffL);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        long intervalNanos = (long) (1e9 * AgentBatch.SPANS / spansPerSecond);
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        long next = start;
        long posted = 0;
        long failed = 0;
        long report = start + 30_000_000_000L;
        while (System.nanoTime() < end) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            next += intervalNanos;
            batch.renew();
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(traces).timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/x-protobuf")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(batch.body())).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    posted += AgentBatch.SPANS;
                } else {
                    failed++;
                }
            } catch (java.io.IOException e) {
                failed++;
            }
            long now = System.nanoTime();
            if (now >= report) {
                print(start, now, posted, failed);
                report += 30_000_000_000L;
            }
        }
        print(start, System.nanoTime(), posted, failed);
    }

    private static void print(long start, long now, long posted, long failed) {
        double s = (now - start) / 1e9;
        System.out.printf("load %.0f %d %.0f %d%n", s, posted, posted / s, failed);
    }
}
