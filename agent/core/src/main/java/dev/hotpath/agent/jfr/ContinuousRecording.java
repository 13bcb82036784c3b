package dev.hotpath.agent.jfr;

import dev.hotpath.agent.AgentLog;
import dev.hotpath.agent.config.AgentConfig;
import dev.hotpath.agent.config.JfrConfig;
import dev.hotpath.agent.export.AgentCounters;
import dev.hotpath.agent.export.CollectorAnswer;
import dev.hotpath.agent.export.ExportBackoff;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Our JFR recording, rotated every {@code jfr.period}: the next recording starts before the previous
 * one stops (no gap; the few milliseconds of overlap the collector de-duplicates), the finished one is
 * dumped atomically into the bounded {@link ChunkRepository} and uploaded with everything else pending
 * there, then deleted. One daemon thread, started by the first request, never inside premain. A
 * failure to record disables the feature with one line; an upload the collector refuses for good (413 or
 * another final answer) or that failed {@value #MAX_ATTEMPTS} times drops that chunk (counted).
 */
final class ContinuousRecording {
    private static final long POLL_MILLIS = 1000;
    /** Attempts per chunk when the collector does not answer or answers 429/502/503/504. */
    static final int MAX_ATTEMPTS = 3;

    private final AgentConfig config;
    private final JfrConfig jfr;
    private final AgentCounters counters;
    private final ChunkRepository repository;
    private final AtomicBoolean started = new AtomicBoolean();
    private final Object rotation = new Object();
    private volatile boolean running = true;
    private volatile boolean ready;
    private volatile Thread thread;
    private volatile java.util.function.BooleanSupplier uploadsPaused = () -> false;

    // guarded by rotation
    private Map<String, String> settings;
    private Recording current;
    private long currentStartMillis;

    // recording thread (and the shutdown hook after it stopped)
    private ChunkUploader uploader;
    private final ExportBackoff backoff = new ExportBackoff(() -> ThreadLocalRandom.current().nextDouble());
    private final Map<Path, Integer> attempts = new ConcurrentHashMap<>();
    private volatile long backoffUntilNanos;

    ContinuousRecording(AgentConfig config, AgentCounters counters) {
        this.config = config;
        this.jfr = config.jfr();
        this.counters = counters;
        this.repository = new ChunkRepository(jfr.dir(), jfr.maxBytes(), counters);
    }

    /** While this says true (the overload breaker sheds), finished chunks wait in the bounded repository. */
    void pauseUploadsWhile(java.util.function.BooleanSupplier paused) {
        this.uploadsPaused = paused;
    }

    /** Starts the recording thread once; a volatile read afterwards. */
    void ensureStarted() {
        if (started.get() || !started.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(this::run, "hotpath-jfr");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    private void run() {
        try {
            start();
        } catch (Throwable t) {
            AgentLog.info("JFR recording could not start, JFR evidence disabled (the application is unaffected): " + t);
            running = false;
            return;
        }
        long periodNanos = TimeUnit.MILLISECONDS.toNanos(jfr.periodMillis());
        long nextRotation = System.nanoTime() + periodNanos;
        while (running) {
            try {
                long waitMillis = Math.max(1, Math.min(POLL_MILLIS, TimeUnit.NANOSECONDS.toMillis(nextRotation - System.nanoTime())));
                Thread.sleep(waitMillis);
                if (System.nanoTime() - nextRotation >= 0) {
                    rotate(true);
                    nextRotation = System.nanoTime() + periodNanos;
                }
                uploadPending();
            } catch (InterruptedException e) {
                break;
            } catch (Throwable t) {
                counters.increment(AgentCounters.AGENT_ERRORS);
                AgentLog.warnRateLimited("jfr", "JFR rotation error (continuing): " + t);
            }
        }
    }

    /**
     * True once JFR is initialised and our event class registered, on this thread. Request threads
     * must not touch {@link RequestSpanEvent} before: its JFR-generated static initializer registers the
     * class, and a request thread initialising it while this thread registers it deadlocks in JFR's
     * metadata lock (seen on JDK 17).
     */
    boolean ready() {
        return ready;
    }

    private void start() throws IOException {
        repository.create();
        FlightRecorder.getFlightRecorder();
        FlightRecorder.register(RequestSpanEvent.class); // initialises the class here, on this thread
        List<String> known = new ArrayList<>();
        for (EventType type : FlightRecorder.getFlightRecorder().getEventTypes()) {
            known.add(type.getName());
        }
        synchronized (rotation) {
            settings = JfrSettings.of(jfr, known);
            current = newRecording();
            currentStartMillis = System.currentTimeMillis();
            current.start();
        }
        uploader = new ChunkUploader(config);
        ready = true;
        AgentLog.info("JFR recording started: chunks every " + jfr.periodMillis() / 1000.0 + " s via " + repository.dir());
    }

    private Recording newRecording() {
        Recording r = new Recording(settings);
        r.setName("hotpath-continuous");
        r.setToDisk(true);
        r.setMaxSize(jfr.maxBytes());
        return r;
    }

    /** Finishes the current chunk into the repository; with {@code next}, a new recording takes over first. */
    void rotate(boolean next) {
        Recording finished;
        long start;
        long end;
        synchronized (rotation) {
            finished = current;
            if (finished == null) {
                return;
            }
            start = currentStartMillis;
            end = System.currentTimeMillis();
            current = null;
            if (next) {
                Recording r = newRecording();
                r.start();
                current = r;
                currentStartMillis = end;
            }
        }
        Path temp = repository.newTemp(start);
        try {
            finished.stop();
            finished.dump(temp);
            repository.publish(temp, start, end);
        } catch (IOException | RuntimeException e) {
            // disk full, directory gone, or JFR shutting down: this chunk is lost, counted; the next one may work
            ChunkRepository.delete(temp);
            counters.increment(AgentCounters.JFR_CHUNKS_DROPPED_WRITE_FAILED);
            AgentLog.warnRateLimited("jfr-write", "JFR chunk could not be written to " + repository.dir() + ", dropped and counted: " + e);
        } finally {
            finished.close();
        }
        repository.enforceBound();
    }

    /** Uploads every finished chunk, oldest first (see below for what each answer does). */
    void uploadPending() throws InterruptedException {
        uploadPending(Long.MAX_VALUE);
    }

    /**
     * Uploads what is waiting, oldest first; an upload never runs past {@code deadlineNanos} (System.nanoTime)
     * when one is set (shutdown: one attempt each). Per the collector's answer ({@link CollectorAnswer}): taken,
     * deleted; 413, dropped and counted, never retried, the next chunk goes on; no answer or 429/502/503/504, the
     * chunk stays on disk and the uploader backs off (jittered, {@code Retry-After} honoured) for up to
     * {@value #MAX_ATTEMPTS} attempts, then it is dropped and counted; any other answer drops it (counted) and backs off.
     */
    private void uploadPending(long deadlineNanos) throws InterruptedException {
        if (uploader == null || System.nanoTime() - backoffUntilNanos < 0) {
            return;
        }
        boolean shutdown = deadlineNanos != Long.MAX_VALUE;
        List<ChunkRepository.Chunk> pending = repository.pending();
        attempts.keySet().removeIf(f -> pending.stream().noneMatch(c -> c.file().equals(f))); // bounded by the repository
        for (ChunkRepository.Chunk chunk : pending) {
            long left = shutdown ? TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()) : Long.MAX_VALUE;
            if (left <= 0) {
                return; // out of time at shutdown: what is left stays in the bounded repository, counted nowhere as sent
            }
            CollectorAnswer answer;
            try {
                answer = uploader.upload(chunk.file(), chunk.kind(), left);
            } catch (RuntimeException e) {
                answer = new CollectorAnswer(CollectorAnswer.Outcome.REJECTED, 0, -1, e.toString());
            }
            switch (answer.outcome()) {
                case OK -> {
                    counters.increment(AgentCounters.JFR_CHUNKS_UPLOADED);
                    counters.add(AgentCounters.JFR_BYTES_UPLOADED, chunk.size());
                    backoff.onSuccess();
                    forget(chunk);
                }
                case TOO_LARGE -> {
                    counters.increment(AgentCounters.JFR_CHUNKS_DROPPED_TOO_LARGE);
                    AgentLog.warnRateLimited("jfr-too-large", "JFR chunk of " + chunk.size() + " bytes refused by " + config.collector()
                            + " as too large (" + answer.detail() + "): dropped and counted as " + AgentCounters.JFR_CHUNKS_DROPPED_TOO_LARGE
                            + "; raise the collector's JFR body limit or lower jfr.period");
                    forget(chunk);
                }
                case RETRYABLE -> {
                    int attempt = attempts.merge(chunk.file(), 1, Integer::sum);
                    backoffUntilNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoff.onFailure(answer.retryAfterMs()));
                    if (shutdown || attempt >= MAX_ATTEMPTS) {
                        dropFailed(chunk, answer);
                    } else {
                        counters.increment(AgentCounters.JFR_UPLOAD_RETRIES);
                    }
                    return;
                }
                case REJECTED -> {
                    backoffUntilNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoff.onFailure(-1));
                    dropFailed(chunk, answer);
                    return;
                }
            }
        }
    }

    private void dropFailed(ChunkRepository.Chunk chunk, CollectorAnswer answer) {
        counters.increment(AgentCounters.JFR_CHUNKS_DROPPED_UPLOAD_FAILED);
        AgentLog.warnRateLimited("jfr-upload", "JFR chunk upload to " + config.collector() + " failed (" + answer.detail()
                + "), chunk dropped and counted as " + AgentCounters.JFR_CHUNKS_DROPPED_UPLOAD_FAILED);
        forget(chunk);
    }

    private void forget(ChunkRepository.Chunk chunk) {
        attempts.remove(chunk.file());
        ChunkRepository.delete(chunk.file());
    }

    /** Shutdown hook: stop the thread, write the last (partial) chunk and upload what is pending within the deadline. */
    void shutdown(long deadlineMillis) {
        running = false;
        Thread t = thread;
        if (t == null) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(deadlineMillis);
        try {
            t.interrupt();
            t.join(Math.max(1, deadlineMillis / 2));
            rotate(false);
            if (System.nanoTime() - deadline < 0) {
                backoffUntilNanos = 0;
                uploadPending(deadline); // bounded: a collector that never answers must not hold the JVM's exit
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            // JFR's own shutdown hook may have stopped the recording already: the last chunk is lost
            AgentLog.debug("last JFR chunk not delivered: " + e);
        }
    }
}
