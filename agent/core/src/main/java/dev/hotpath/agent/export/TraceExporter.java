package dev.hotpath.agent.export;

import dev.hotpath.agent.AgentLog;
import dev.hotpath.agent.aggregate.Aggregates;
import dev.hotpath.agent.config.AgentConfig;
import dev.hotpath.agent.pools.PoolSampler;
import dev.hotpath.agent.trace.LocalTrace;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Moves kept traces and aggregates to the collector on one daemon thread, started lazily (never
 * inside premain). Application threads only {@link #offer} into a queue bounded by span count;
 * when it is full, or the collector is down, spans are dropped and counted, never buffered without
 * bound. Every network call has a timeout; failures back off exponentially up to 30 s.
 */
public final class TraceExporter {
    private static final int BATCH_SPANS = 512;
    private static final long MAX_BACKOFF_MS = 30_000;

    private final AgentConfig config;
    private final Aggregates aggregates;
    private final AgentCounters counters;
    private final String version;
    private final PoolSampler pools;
    private final LinkedBlockingQueue<Kept> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger queuedSpans = new AtomicInteger();
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean running = true;
    private volatile Thread thread;
    private final List<Runnable> startListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile java.util.function.Consumer<String> statsResponseListener;

    // exporter thread only
    private OtlpHttpSpanExporter spanExporter;
    private HttpClient statsClient;
    private SpanDataFactory factory;
    private Logger quietedOtelLogger; // strong reference so the level sticks
    private long backoffMs;
    private long backoffUntilNanos;
    private long statsIntervalStartMs = System.currentTimeMillis();

    public TraceExporter(AgentConfig config, Aggregates aggregates, AgentCounters counters, String version, PoolSampler pools) {
        this.config = config;
        this.pools = pools;
        this.aggregates = aggregates;
        this.counters = counters;
        this.version = version;
    }

    /** Application thread: hand over a kept trace, or drop and count it. Never blocks. */
    public void offer(LocalTrace trace, String keepReason) {
        int spans = 1 + trace.children.size();
        if (queuedSpans.addAndGet(spans) > config.exportQueueSpans()) {
            queuedSpans.addAndGet(-spans);
            counters.add(AgentCounters.SPANS_DROPPED_QUEUE_FULL, spans);
            return;
        }
        queue.offer(new Kept(trace, keepReason));
    }

    /** Starts the exporter thread on first use; a volatile read afterwards. */
    public void ensureStarted() {
        if (started.get() || !started.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(this::run, "hotpath-exporter");
        t.setDaemon(true);
        t.setPriority(Thread.NORM_PRIORITY - 1);
        thread = t;
        t.start();
        for (Runnable r : startListeners) {
            try {
                r.run();
            } catch (Throwable e) {
                counters.increment(AgentCounters.AGENT_ERRORS);
                AgentLog.warnRateLimited("start-listener", "could not start an agent component: " + e);
            }
        }
    }

    /** Runs {@code r} when the exporter starts (the first request): how other components start lazily too. */
    public void onStart(Runnable r) {
        startListeners.add(r);
    }

    /** Receives the body of each successful stats response (collector commands such as {@code "deep":"stop"}). */
    public void onStatsResponse(java.util.function.Consumer<String> listener) {
        statsResponseListener = listener;
    }

    /** Shutdown hook: stop, then deliver what is queued and the last aggregates within the deadline. */
    public void shutdown(long deadlineMillis) {
        running = false;
        Thread t = thread;
        if (t == null) {
            return;
        }
        try {
            t.interrupt();
            t.join(deadlineMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            init();
        } catch (Throwable t) {
            AgentLog.info("exporter could not start, export disabled: " + t);
            running = false;
            return;
        }
        long nextStats = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.statsIntervalMillis());
        List<SpanData> batch = new ArrayList<>(BATCH_SPANS);
        while (running) {
            try {
                pools.sampleIfDue(System.nanoTime());
                long wait = Math.max(1, nextStats - System.nanoTime());
                long tick = Math.min(wait, Math.min(200_000_000L, config.poolSampleMillis() * 1_000_000L));
                Kept first = System.nanoTime() < backoffUntilNanos ? null : queue.poll(tick, TimeUnit.NANOSECONDS);
                if (first == null && System.nanoTime() < backoffUntilNanos) {
                    Thread.sleep(Math.min(TimeUnit.NANOSECONDS.toMillis(tick) + 1, TimeUnit.NANOSECONDS.toMillis(wait) + 1));
                }
                if (first != null) {
                    exportBatch(first, batch);
                }
                if (System.nanoTime() >= nextStats) {
                    postStats();
                    nextStats = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.statsIntervalMillis());
                }
            } catch (InterruptedException e) {
                break;
            } catch (Throwable t) {
                counters.increment(AgentCounters.AGENT_ERRORS);
                AgentLog.warnRateLimited("exporter", "exporter error (continuing): " + t);
            }
        }
        drainOnShutdown(batch);
    }

    private void drainOnShutdown(List<SpanData> batch) {
        Thread.interrupted(); // clear, so the final network calls can run
        backoffUntilNanos = 0;
        try {
            Kept k;
            while ((k = queue.poll()) != null) {
                exportBatch(k, batch);
            }
            postStats();
        } catch (Throwable t) {
            AgentLog.info("final export incomplete: " + t);
        }
    }

    private void init() {
        // The SDK exporter logs every failure through java.util.logging; silence our shaded copy so a
        // dead collector cannot fill the application's logs (we count failures instead).
        quietedOtelLogger = Logger.getLogger("dev.hotpath.shaded.io.opentelemetry");
        quietedOtelLogger.setLevel(Level.OFF);
        factory = new SpanDataFactory(config.resourceAttributes(), version);
        OtlpHttpSpanExporterBuilder spans = OtlpHttpSpanExporter.builder()
                .setEndpoint(config.collector() + "/v1/traces")
                .setTimeout(Duration.ofMillis(config.exportTimeoutMillis()))
                .setConnectTimeout(Duration.ofMillis(Math.min(config.exportTimeoutMillis(), 2000)))
                .setRetryPolicy(null);
        if (config.collectorToken() != null) {
            spans.addHeader("Authorization", "Bearer " + config.collectorToken());
        }
        spanExporter = spans.build();
        statsClient = HttpClient.newBuilder()
                .connectTimeout(Duration.ofMillis(Math.min(config.exportTimeoutMillis(), 2000)))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    private void exportBatch(Kept first, List<SpanData> batch) {
        batch.clear();
        int traces = 0;
        Kept k = first;
        while (k != null) {
            queuedSpans.addAndGet(-(1 + k.trace.children.size()));
            factory.addSpans(k.trace, k.reason, batch);
            traces++;
            if (batch.size() >= BATCH_SPANS) {
                break;
            }
            k = queue.poll();
        }
        CompletableResultCode result = spanExporter.export(batch);
        result.join(config.exportTimeoutMillis() + 1000, TimeUnit.MILLISECONDS);
        if (result.isSuccess()) {
            counters.add(AgentCounters.SPANS_EXPORTED, batch.size());
            backoffMs = 0;
        } else {
            counters.add(AgentCounters.SPANS_DROPPED_EXPORT_FAILED, batch.size());
            backOff("span export to " + config.collector() + " failed; " + batch.size()
                    + " spans dropped and counted (further failures are counted silently)");
        }
        AgentLog.debug("exported " + traces + " traces, " + batch.size() + " spans: " + result.isSuccess());
        batch.clear();
    }

    private void postStats() {
        long end = System.currentTimeMillis();
        Map<String, Long> deltas = counters.drain();
        String body = StatsPayload.build(config.serviceName(), config.instanceId(), statsIntervalStartMs, end,
                aggregates, pools.drain(), deltas, System.nanoTime());
        statsIntervalStartMs = end;
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(config.collector() + "/v1/hotpath/stats"))
                    .timeout(Duration.ofMillis(config.exportTimeoutMillis()))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            if (config.collectorToken() != null) {
                request.header("Authorization", "Bearer " + config.collectorToken());
            }
            HttpResponse<String> response = statsClient.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new java.io.IOException("HTTP " + response.statusCode());
            }
            java.util.function.Consumer<String> listener = statsResponseListener;
            if (listener != null) {
                listener.accept(response.body());
            }
        } catch (InterruptedException e) {
            counters.restore(deltas);
            counters.increment(AgentCounters.STATS_DROPPED);
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // Histograms of this interval are lost (counted); counters go again with the next post.
            counters.restore(deltas);
            counters.increment(AgentCounters.STATS_DROPPED);
            backOff("stats post to " + config.collector() + " failed (" + e.getClass().getSimpleName() + ")");
        }
    }

    private void backOff(String message) {
        backoffMs = backoffMs == 0 ? 500 : Math.min(MAX_BACKOFF_MS, backoffMs * 2);
        backoffUntilNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoffMs);
        AgentLog.warnRateLimited("export", message);
    }

    private record Kept(LocalTrace trace, String reason) {
    }
}
