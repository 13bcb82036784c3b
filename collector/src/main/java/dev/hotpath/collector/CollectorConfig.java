package dev.hotpath.collector;

import dev.hotpath.collector.jfr.JfrSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Every setting and threshold of the collector, with the defaults documented in collector/README.md.
 * Immutable; build with {@link #builder(Path)}.
 */
public record CollectorConfig(
        Path outDir,
        String listenHost,
        int listenPort,
        String token,
        long maxBodyBytes,
        long maxDecodedBodyBytes,
        int handlerThreads,
        int handlerQueue,
        Duration traceQuietPeriod,
        Duration orphanTraceTimeout,
        Duration traceRemoteParentWait,
        int maxInFlightTraces,
        int maxSpansPerTrace,
        int rememberCompletedTraces,
        long maxTraceLogBytes,
        long maxJournalBytes,
        Duration flushInterval,
        int nPlusOneMinRepeats,
        Duration nPlusOneOverlapTolerance,
        double nPlusOneMaxOverlapShare,
        int httpNPlusOneMinRepeats,
        double slowDependencyMinTimeShare,
        Duration slowDependencyMinTime,
        double slowDependencyMinRequestShare,
        double slowDependencyMinErrorRate,
        double poolMinSaturation,
        double poolMinWaitShare,
        int maxSampledRequestsPerPattern,
        int maxPatterns,
        int maxStatsKeys,
        int topQueries,
        JfrSettings jfr) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 4318;

    public CollectorConfig {
        Objects.requireNonNull(outDir, "outDir");
        Objects.requireNonNull(listenHost, "listenHost");
        Objects.requireNonNull(jfr, "jfr");
        positive(maxBodyBytes, "maxBodyBytes");
        positive(maxDecodedBodyBytes, "maxDecodedBodyBytes");
        positive(handlerThreads, "handlerThreads");
        positive(handlerQueue, "handlerQueue");
        positive(maxInFlightTraces, "maxInFlightTraces");
        positive(maxSpansPerTrace, "maxSpansPerTrace");
        positive(nPlusOneMinRepeats, "nPlusOneMinRepeats");
        positive(httpNPlusOneMinRepeats, "httpNPlusOneMinRepeats");
        share(slowDependencyMinTimeShare, "slowDependencyMinTimeShare");
        Objects.requireNonNull(slowDependencyMinTime, "slowDependencyMinTime");
        share(slowDependencyMinRequestShare, "slowDependencyMinRequestShare");
        share(slowDependencyMinErrorRate, "slowDependencyMinErrorRate");
        share(poolMinSaturation, "poolMinSaturation");
        share(poolMinWaitShare, "poolMinWaitShare");
        positive(maxSampledRequestsPerPattern, "maxSampledRequestsPerPattern");
        positive(maxPatterns, "maxPatterns");
        positive(maxStatsKeys, "maxStatsKeys");
        if (listenPort < 0 || listenPort > 65535) {
            throw new IllegalArgumentException("listen port must be 0..65535, got " + listenPort);
        }
        positive(maxJournalBytes, "maxJournalBytes");
        if (maxTraceLogBytes < 0) {
            throw new IllegalArgumentException("maxTraceLogBytes must be >= 0");
        }
        if (nPlusOneMaxOverlapShare < 0 || nPlusOneMaxOverlapShare > 1) {
            throw new IllegalArgumentException("nPlusOneMaxOverlapShare must be within 0..1");
        }
        if (token != null && token.isBlank()) {
            token = null;
        }
    }

    private static void share(double v, String name) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(name + " must be within 0..1, got " + v);
        }
    }

    private static void positive(long v, String name) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be > 0, got " + v);
        }
    }

    public static Builder builder(Path outDir) {
        return new Builder(outDir);
    }

    public Builder toBuilder() {
        Builder b = new Builder(outDir);
        b.listenHost = listenHost;
        b.listenPort = listenPort;
        b.token = token;
        b.maxBodyBytes = maxBodyBytes;
        b.maxDecodedBodyBytes = maxDecodedBodyBytes;
        b.handlerThreads = handlerThreads;
        b.handlerQueue = handlerQueue;
        b.traceQuietPeriod = traceQuietPeriod;
        b.orphanTraceTimeout = orphanTraceTimeout;
        b.maxInFlightTraces = maxInFlightTraces;
        b.maxSpansPerTrace = maxSpansPerTrace;
        b.rememberCompletedTraces = rememberCompletedTraces;
        b.maxTraceLogBytes = maxTraceLogBytes;
        b.maxJournalBytes = maxJournalBytes;
        b.flushInterval = flushInterval;
        b.nPlusOneMinRepeats = nPlusOneMinRepeats;
        b.nPlusOneOverlapTolerance = nPlusOneOverlapTolerance;
        b.nPlusOneMaxOverlapShare = nPlusOneMaxOverlapShare;
        b.httpNPlusOneMinRepeats = httpNPlusOneMinRepeats;
        b.slowDependencyMinTimeShare = slowDependencyMinTimeShare;
        b.slowDependencyMinTime = slowDependencyMinTime;
        b.slowDependencyMinRequestShare = slowDependencyMinRequestShare;
        b.slowDependencyMinErrorRate = slowDependencyMinErrorRate;
        b.poolMinSaturation = poolMinSaturation;
        b.poolMinWaitShare = poolMinWaitShare;
        b.maxSampledRequestsPerPattern = maxSampledRequestsPerPattern;
        b.maxPatterns = maxPatterns;
        b.maxStatsKeys = maxStatsKeys;
        b.topQueries = topQueries;
        b.jfr = jfr;
        return b;
    }

    /** Mutable builder; every field starts at its documented default. */
    public static final class Builder {
        private final Path outDir;
        private String listenHost = DEFAULT_HOST;
        private int listenPort = DEFAULT_PORT;
        private String token;
        private long maxBodyBytes = 8L << 20;
        private long maxDecodedBodyBytes = 32L << 20;
        private int handlerThreads = 4;
        private int handlerQueue = 64;
        private Duration traceQuietPeriod = Duration.ofSeconds(1);
        private Duration orphanTraceTimeout = Duration.ofSeconds(30);
        private Duration traceRemoteParentWait = Duration.ofSeconds(5);
        private int maxInFlightTraces = 10_000;
        private int maxSpansPerTrace = 5_000;
        private int rememberCompletedTraces = 100_000;
        private long maxTraceLogBytes = 1L << 30;
        private long maxJournalBytes = 512L << 20;
        private Duration flushInterval = Duration.ofSeconds(2);
        private int nPlusOneMinRepeats = 5;
        private Duration nPlusOneOverlapTolerance = Duration.ofNanos(100_000);
        private double nPlusOneMaxOverlapShare = 0.2;
        private int httpNPlusOneMinRepeats = 5;
        private double slowDependencyMinTimeShare = 0.3;
        private Duration slowDependencyMinTime = Duration.ofMillis(20);
        private double slowDependencyMinRequestShare = 0.2;
        private double slowDependencyMinErrorRate = 0.01;
        private double poolMinSaturation = 0.5;
        private double poolMinWaitShare = 0.2;
        private int maxSampledRequestsPerPattern = 10_000;
        private int maxPatterns = 10_000;
        private int maxStatsKeys = 5_000;
        private int topQueries = 20;
        private JfrSettings jfr = JfrSettings.defaults();

        private Builder(Path outDir) {
            this.outDir = outDir;
        }

        public Builder listen(String host, int port) {
            this.listenHost = host;
            this.listenPort = port;
            return this;
        }

        public Builder token(String token) {
            this.token = token;
            return this;
        }

        public Builder maxBodyBytes(long v) {
            this.maxBodyBytes = v;
            return this;
        }

        public Builder maxDecodedBodyBytes(long v) {
            this.maxDecodedBodyBytes = v;
            return this;
        }

        public Builder handlerThreads(int v) {
            this.handlerThreads = v;
            return this;
        }

        public Builder handlerQueue(int v) {
            this.handlerQueue = v;
            return this;
        }

        public Builder traceQuietPeriod(Duration v) {
            this.traceQuietPeriod = v;
            return this;
        }

        public Builder orphanTraceTimeout(Duration v) {
            this.orphanTraceTimeout = v;
            return this;
        }

        public Builder traceRemoteParentWait(Duration v) {
            this.traceRemoteParentWait = v;
            return this;
        }

        public Builder maxInFlightTraces(int v) {
            this.maxInFlightTraces = v;
            return this;
        }

        public Builder maxSpansPerTrace(int v) {
            this.maxSpansPerTrace = v;
            return this;
        }

        public Builder rememberCompletedTraces(int v) {
            this.rememberCompletedTraces = v;
            return this;
        }

        /** Disk bound of traces.jsonl; beyond it traces are still analysed but not written ({@code traces.log.shed}). */
        public Builder maxTraceLogBytes(long v) {
            this.maxTraceLogBytes = v;
            return this;
        }

        /** Disk bound of the ingest journal; a body that does not fit is refused with a retryable 503 ({@code journal_full}). */
        public Builder maxJournalBytes(long v) {
            this.maxJournalBytes = v;
            return this;
        }

        /** Zero or negative disables the periodic flush (call {@link Collector#flush()} yourself). */
        public Builder flushInterval(Duration v) {
            this.flushInterval = v;
            return this;
        }

        public Builder nPlusOneMinRepeats(int v) {
            this.nPlusOneMinRepeats = v;
            return this;
        }

        public Builder nPlusOneOverlapTolerance(Duration v) {
            this.nPlusOneOverlapTolerance = v;
            return this;
        }

        public Builder nPlusOneMaxOverlapShare(double v) {
            this.nPlusOneMaxOverlapShare = v;
            return this;
        }

        public Builder httpNPlusOneMinRepeats(int v) {
            this.httpNPlusOneMinRepeats = v;
            return this;
        }

        public Builder slowDependencyMinTimeShare(double v) {
            this.slowDependencyMinTimeShare = v;
            return this;
        }

        public Builder slowDependencyMinRequestShare(double v) {
            this.slowDependencyMinRequestShare = v;
            return this;
        }

        public Builder slowDependencyMinTime(Duration v) {
            this.slowDependencyMinTime = v;
            return this;
        }

        public Builder poolMinSaturation(double v) {
            this.poolMinSaturation = v;
            return this;
        }

        public Builder poolMinWaitShare(double v) {
            this.poolMinWaitShare = v;
            return this;
        }

        public Builder slowDependencyMinErrorRate(double v) {
            this.slowDependencyMinErrorRate = v;
            return this;
        }

        public Builder maxSampledRequestsPerPattern(int v) {
            this.maxSampledRequestsPerPattern = v;
            return this;
        }

        public Builder maxPatterns(int v) {
            this.maxPatterns = v;
            return this;
        }

        public Builder maxStatsKeys(int v) {
            this.maxStatsKeys = v;
            return this;
        }

        public Builder topQueries(int v) {
            this.topQueries = v;
            return this;
        }

        /** JFR intake bounds and JFR detector thresholds. */
        public Builder jfr(JfrSettings v) {
            this.jfr = v;
            return this;
        }

        public CollectorConfig build() {
            return new CollectorConfig(outDir, listenHost, listenPort, token, maxBodyBytes, maxDecodedBodyBytes,
                    handlerThreads, handlerQueue, traceQuietPeriod, orphanTraceTimeout, traceRemoteParentWait, maxInFlightTraces,
                    maxSpansPerTrace, rememberCompletedTraces, maxTraceLogBytes, maxJournalBytes, flushInterval, nPlusOneMinRepeats,
                    nPlusOneOverlapTolerance, nPlusOneMaxOverlapShare, httpNPlusOneMinRepeats, slowDependencyMinTimeShare, slowDependencyMinTime,
                    slowDependencyMinRequestShare, slowDependencyMinErrorRate, poolMinSaturation, poolMinWaitShare,
                    maxSampledRequestsPerPattern, maxPatterns,
                    maxStatsKeys, topQueries, jfr);
        }
    }
}
