package dev.hotpath.agent.export;

import dev.hotpath.agent.AgentLog;
import dev.hotpath.agent.aggregate.Aggregates;
import dev.hotpath.agent.config.AgentConfig;
import dev.hotpath.agent.pools.PoolSampler;
import dev.hotpath.agent.trace.LocalTrace;
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
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Moves kept traces and aggregates to the collector on one daemon thread, started lazily (never
 * inside premain). Application threads only {@link #offer} into a queue bounded by span count;
 * when it is full, or the collector is down, spans are dropped and counted, never buffered without
 * bound. Every network call has a timeout. A batch the collector could not take for now (no answer,
 * refused, 429/502/503/504) is retried up to {@value #MAX_ATTEMPTS} times with jittered exponential backoff
 * ({@link ExportBackoff}, {@code Retry-After} honoured), then dropped and counted; a 413 splits the batch in
 * two once, and halves still too large are dropped and counted; any other answer drops it at once (counted).
 * While a batch waits for its retry, new traces wait in the bounded queue (or are dropped when it is full).
 */
public final class TraceExporter {
    private static final int BATCH_SPANS = 512;
    static final int MAX_ATTEMPTS = 3;

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
    private final List<Runnable> housekeeping = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile java.util.function.Consumer<String> statsResponseListener;

    // exporter thread only
    private OtlpSpanSender sender;
    private HttpClient statsClient;
    private SpanDataFactory factory;
    private final ExportBackoff backoff = new ExportBackoff(() -> ThreadLocalRandom.current().nextDouble());
    private long backoffUntilNanos;
    private List<SpanData> pending; // the batch being sent or waiting for its retry
    private int pendingAttempts;
    private long statsIntervalStartMs = System.currentTimeMillis();
    private long statsSeq = 1; // numbers the counters of each stats post; kept for a post that was not acknowledged

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
        counters.add(AgentCounters.SPANS_KEPT, spans);
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

    /** Runs {@code r} on this exporter's thread after each stats post: cheap upkeep that needs no thread of its own. */
    public void everyStatsInterval(Runnable r) {
        housekeeping.add(r);
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
        while (running) {
            try {
                pools.sampleIfDue(System.nanoTime());
                long wait = Math.max(1, nextStats - System.nanoTime());
                long tick = Math.min(wait, Math.min(200_000_000L, config.poolSampleMillis() * 1_000_000L));
                if (System.nanoTime() < backoffUntilNanos) {
                    Thread.sleep(TimeUnit.NANOSECONDS.toMillis(Math.min(tick, backoffUntilNanos - System.nanoTime())) + 1);
                } else if (pending != null) {
                    attempt(true);
                } else {
                    Kept first = queue.poll(tick, TimeUnit.NANOSECONDS);
                    if (first != null) {
                        pending = takeBatch(first);
                        pendingAttempts = 0;
                        attempt(true);
                    }
                }
                if (System.nanoTime() >= nextStats) {
                    postStats();
                    for (Runnable r : housekeeping) {
                        r.run();
                    }
                    nextStats = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.statsIntervalMillis());
                }
            } catch (InterruptedException e) {
                break;
            } catch (Throwable t) {
                counters.increment(AgentCounters.AGENT_ERRORS);
                AgentLog.warnRateLimited("exporter", "exporter error (continuing): " + t);
            }
        }
        drainOnShutdown();
    }

    /** One attempt per batch, no waiting: the JVM is exiting and the shutdown hook has a deadline. */
    private void drainOnShutdown() {
        Thread.interrupted(); // clear, so the final network calls can run
        backoffUntilNanos = 0;
        try {
            if (pending != null) {
                attempt(false);
            }
            Kept k;
            while ((k = queue.poll()) != null) {
                pending = takeBatch(k);
                pendingAttempts = 0;
                attempt(false);
            }
            postStats();
        } catch (Throwable t) {
            AgentLog.info("final export incomplete: " + t);
        }
    }

    private void init() {
        factory = new SpanDataFactory(config.resourceAttributes(), version);
        sender = new OtlpSpanSender(config.collector(), config.collectorToken(), config.exportTimeoutMillis());
        statsClient = HttpClient.newBuilder()
                .connectTimeout(Duration.ofMillis(Math.min(config.exportTimeoutMillis(), 2000)))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** Up to {@link #BATCH_SPANS} spans, starting with {@code first}: each trace whole, so a batch may run over. */
    private List<SpanData> takeBatch(Kept first) {
        List<SpanData> batch = new ArrayList<>(BATCH_SPANS);
        Kept k = first;
        while (k != null) {
            queuedSpans.addAndGet(-(1 + k.trace.children.size()));
            factory.addSpans(k.trace, k.reason, batch);
            if (batch.size() >= BATCH_SPANS) {
                break;
            }
            k = queue.poll();
        }
        return batch;
    }

    /** Sends the pending batch once; decides whether it is done, waits for a retry, is split or dropped. */
    private void attempt(boolean mayRetry) throws InterruptedException {
        List<SpanData> batch = pending;
        pendingAttempts++;
        CollectorAnswer result = sender.send(batch);
        AgentLog.debug("export of " + batch.size() + " spans, attempt " + pendingAttempts + ": " + result.detail());
        switch (result.outcome()) {
            case OK -> {
                counters.add(AgentCounters.SPANS_EXPORTED, batch.size());
                backoff.onSuccess();
                pending = null;
            }
            case RETRYABLE -> {
                long delay = backoff.onFailure(result.retryAfterMs());
                backoffUntilNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delay);
                if (mayRetry && pendingAttempts < MAX_ATTEMPTS) {
                    counters.increment(AgentCounters.EXPORT_RETRIES);
                } else {
                    drop(AgentCounters.SPANS_DROPPED_EXPORT_FAILED, result);
                }
            }
            case TOO_LARGE -> {
                pending = null;
                if (batch.size() < 2) {
                    drop(AgentCounters.SPANS_DROPPED_TOO_LARGE, batch.size(), result);
                } else {
                    counters.increment(AgentCounters.EXPORT_BATCHES_SPLIT);
                    int half = batch.size() / 2;
                    sendHalf(new ArrayList<>(batch.subList(0, half)));
                    sendHalf(new ArrayList<>(batch.subList(half, batch.size())));
                }
            }
            case REJECTED -> drop(AgentCounters.SPANS_DROPPED_REJECTED, result);
        }
    }

    /** A half of a batch the collector found too large: one attempt, never split again, never retried. */
    private void sendHalf(List<SpanData> half) throws InterruptedException {
        CollectorAnswer result = sender.send(half);
        switch (result.outcome()) {
            case OK -> counters.add(AgentCounters.SPANS_EXPORTED, half.size());
            case TOO_LARGE -> drop(AgentCounters.SPANS_DROPPED_TOO_LARGE, half.size(), result);
            case REJECTED -> drop(AgentCounters.SPANS_DROPPED_REJECTED, half.size(), result);
            case RETRYABLE -> {
                long delay = backoff.onFailure(result.retryAfterMs());
                backoffUntilNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delay);
                drop(AgentCounters.SPANS_DROPPED_EXPORT_FAILED, half.size(), result);
            }
        }
    }

    private void drop(String counter, CollectorAnswer result) {
        drop(counter, pending.size(), result);
        pending = null;
    }

    private void drop(String counter, int spans, CollectorAnswer result) {
        counters.add(counter, spans);
        AgentLog.warnRateLimited("export:" + counter, "span export to " + config.collector() + " failed (" + result.detail()
                + "); " + spans + " spans dropped and counted as " + counter + " (further drops are counted silently)");
    }

    private void postStats() {
        long end = System.currentTimeMillis();
        Map<String, Long> deltas = counters.drain();
        String body = StatsPayload.build(config.serviceName(), config.instanceId(), statsSeq, statsIntervalStartMs, end,
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
            statsSeq++; // acknowledged: the next counters are new ones
            java.util.function.Consumer<String> listener = statsResponseListener;
            if (listener != null) {
                listener.accept(response.body());
            }
        } catch (InterruptedException e) {
            counters.restore(deltas);
            counters.increment(AgentCounters.STATS_DROPPED);
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // Histograms of this interval are lost (counted); counters go again with the next post, under the same
            // seq: the collector may have taken this one in (an answer lost or too late), and adds only what is new.
            counters.restore(deltas);
            counters.increment(AgentCounters.STATS_DROPPED);
            backoffUntilNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoff.onFailure(-1));
            AgentLog.warnRateLimited("export", "stats post to " + config.collector() + " failed (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage().replace('\n', ' ')) + ")");
        }
    }

    private record Kept(LocalTrace trace, String reason) {
    }
}
