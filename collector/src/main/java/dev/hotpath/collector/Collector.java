package dev.hotpath.collector;

import dev.hotpath.collector.findings.Finding;
import dev.hotpath.collector.ingest.IngestServer;
import dev.hotpath.collector.ingest.RejectedRequest;
import dev.hotpath.collector.jfr.ChunkMeta;
import dev.hotpath.collector.stats.AgentStatsReport;
import dev.hotpath.collector.stats.CollectorCounters;
import dev.hotpath.collector.trace.Span;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A running collector: HTTP intake, trace assembly, detectors, run directory. Embeddable:
 * <pre>{@code
 * try (Collector c = Collector.start(CollectorConfig.builder(dir).listen("127.0.0.1", 0).build())) {
 *     // send OTLP to "http://127.0.0.1:" + c.port() + "/v1/traces"
 *     List<Finding> findings = c.flush();
 * }
 * }</pre>
 */
public final class Collector implements AutoCloseable {
    private final CollectorConfig config;
    private final CollectorCounters counters = new CollectorCounters();
    private final Pipeline pipeline;
    private final IngestServer server;
    private final ScheduledExecutorService scheduler;
    private volatile boolean closed;

    private Collector(CollectorConfig config) throws IOException {
        this.config = config;
        IngestServer.checkListenAddress(config);
        this.pipeline = new Pipeline(config, counters);
        this.server = new IngestServer(config, pipeline, counters);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hotpath-collector-flush");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts listening and writing to {@code config.outDir()}.
     *
     * @throws IllegalArgumentException for a non-loopback listen address without a token
     * @throws IOException when the port cannot be bound or the run directory cannot be written
     */
    public static Collector start(CollectorConfig config) throws IOException {
        Collector c = new Collector(config);
        try {
            c.pipeline.flush(false); // a valid (empty) run directory from the first moment
            c.server.start();
        } catch (IOException | RuntimeException e) {
            c.scheduler.shutdownNow();
            c.pipeline.close();
            throw e;
        }
        c.schedule();
        return c;
    }

    private void schedule() {
        long sweepMs = Math.max(50, Math.min(250, config.traceQuietPeriod().toMillis() / 4));
        scheduler.scheduleWithFixedDelay(() -> guarded(pipeline::sweep), sweepMs, sweepMs, TimeUnit.MILLISECONDS);
        long flushMs = config.flushInterval().toMillis();
        if (flushMs > 0) {
            scheduler.scheduleWithFixedDelay(() -> guarded(() -> pipeline.flush(false)), flushMs, flushMs, TimeUnit.MILLISECONDS);
        }
    }

    private interface IoTask {
        void run() throws IOException;
    }

    private void guarded(IoTask task) {
        try {
            task.run();
        } catch (IOException | RuntimeException e) {
            // the next tick retries; the count makes a persistent problem visible in summary.json
            counters.increment("flush.failed");
            System.err.println("hotpath collector: flush failed: " + e);
        }
    }

    /** The bound port (useful with port 0). */
    /** Deep-mode kill switch: agents stop profiling at their next stats post (see WIRE.md). */
    public void requestDeepStop() {
        server.requestDeepStop();
    }

    public int port() {
        return server.port();
    }

    /** Base URL, e.g. {@code http://127.0.0.1:4318}. */
    public String endpoint() {
        String host = config.listenHost().contains(":") ? "[" + config.listenHost() + "]" : config.listenHost();
        return "http://" + host + ":" + port();
    }

    public Path outDir() {
        return config.outDir();
    }

    public CollectorConfig config() {
        return config;
    }

    public CollectorCounters counters() {
        return counters;
    }

    /** Traces still being assembled. */
    public int inFlightTraces() {
        return pipeline.inFlightTraces();
    }

    /** Finalizes every pending trace, runs the detectors, rewrites all files; returns the findings, ranked. */
    public List<Finding> flush() {
        try {
            return pipeline.flush(true);
        } catch (IOException e) {
            throw new UncheckedIOException("hotpath collector: cannot write " + config.outDir(), e);
        }
    }

    /** The findings of the most recent flush. */
    public List<Finding> findings() {
        return pipeline.lastFindings();
    }

    /** Feeds spans without HTTP (offline analysis, tests). */
    public void acceptSpans(List<Span> spans) {
        counters.add("received.spans", spans.size());
        pipeline.acceptSpans(spans);
    }

    /**
     * Feeds one JFR file without HTTP (offline analysis), as an upload with this identity would be.
     *
     * @throws IllegalArgumentException with a one-line reason when the file is not a readable recording
     */
    public void acceptJfr(ChunkMeta meta, byte[] jfr) {
        try {
            pipeline.acceptJfr(meta, jfr);
        } catch (RejectedRequest e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** Feeds an agent stats report without HTTP. */
    public void acceptStats(AgentStatsReport report) {
        pipeline.acceptStats(report);
    }

    /** Stops intake, flushes everything (final files), then releases the port and files. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        // stop intake first so nothing arrives after the final flush and gets lost silently
        server.close();
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            pipeline.flush(true);
        } catch (IOException e) {
            throw new UncheckedIOException("hotpath collector: final flush to " + config.outDir() + " failed", e);
        } finally {
            try {
                pipeline.close();
            } catch (IOException ignored) {
                // the final flush already forced the data out
            }
        }
    }
}
