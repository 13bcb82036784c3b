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
import jdk.jfr.RecordingState;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

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
    /** TEST ONLY: a pause between JFR's initialisation and our recording's start, to place a JVM exit there. */
    static final String TEST_START_DELAY_PROPERTY = "hotpath.test.jfr.startDelayMillis";

    private final AgentConfig config;
    private final JfrConfig jfr;
    private final AgentCounters counters;
    private final ChunkRepository repository;
    private final AtomicBoolean started = new AtomicBoolean();
    private final ReentrantLock rotation = new ReentrantLock();
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
        long testDelay = Long.getLong(TEST_START_DELAY_PROPERTY, 0);
        if (testDelay > 0) {
            AgentLog.info("JFR initialised; the recording starts in " + testDelay + " ms (test only: " + TEST_START_DELAY_PROPERTY + ")");
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(testDelay);
            while (System.nanoTime() - until < 0) { // not interruptible, as JFR's own start-up work is not
                java.util.concurrent.locks.LockSupport.parkNanos(until - System.nanoTime());
            }
        }
        rotation.lock();
        try {
            settings = JfrSettings.of(jfr, known);
            currentStartMillis = System.currentTimeMillis();
            current = startRecording(currentStartMillis);
        } finally {
            rotation.unlock();
        }
        uploader = new ChunkUploader(config);
        ready = true;
        AgentLog.info("JFR recording started: chunks every " + jfr.periodMillis() / 1000.0 + " s via " + repository.dir());
    }

    /**
     * A new recording whose destination is its chunk's temporary file, with dump-on-exit: if JFR's own
     * shutdown hook stops it before ours does, JFR writes the last chunk there itself. Not started once the
     * JVM is exiting: a recording started after JFR's hook tore the recorder down waits forever in native
     * code (seen on JDK 17), and the JVM would wait for whoever holds {@link #rotation}.
     */
    private Recording startRecording(long startMillis) throws IOException {
        if (JvmShutdown.inProgress()) {
            throw new IllegalStateException("the JVM is shutting down; no new JFR recording");
        }
        Recording r = new Recording(settings);
        r.setName("hotpath-continuous");
        r.setToDisk(true);
        r.setMaxSize(jfr.maxBytes());
        r.setDestination(repository.newTemp(startMillis));
        r.setDumpOnExit(true);
        r.start();
        return r;
    }

    /** Finishes the current chunk into the repository; with {@code next}, a new recording takes over first. */
    void rotate(boolean next) {
        rotation.lock();
        try {
            swapAndFinish(next);
        } finally {
            rotation.unlock();
        }
    }

    /** The caller holds {@link #rotation}: the swap and the next recording's start are one step. */
    private void swapAndFinish(boolean next) {
        Recording finished = current;
        if (finished == null) {
            return;
        }
        long start = currentStartMillis;
        long end = System.currentTimeMillis();
        current = null;
        RuntimeException notStarted = null;
        if (next) {
            try {
                current = startRecording(end);
                currentStartMillis = end;
            } catch (IOException | RuntimeException e) {
                notStarted = new IllegalStateException("next JFR recording not started, recording stops: " + e, e);
            }
        }
        finish(finished, start, end, false, 0);
        if (notStarted != null) {
            throw notStarted;
        }
    }

    /**
     * Stops {@code finished}, which writes it to its destination, and publishes that file as a chunk. {@code atExit}, JFR's own shutdown hook stops every running recording and writes ours to its
     * destination (dump-on-exit), then clears JFR's repository: stopping it here as well would race that
     * clean-up, so this waits (until {@code deadlineNanos}) for JFR to have written and closed it.
     */
    private void finish(Recording finished, long start, long end, boolean atExit, long deadlineNanos) {
        Path temp = finished.getDestination();
        try {
            if (atExit) {
                while (finished.getState() != RecordingState.CLOSED && System.nanoTime() - deadlineNanos < 0) {
                    Thread.sleep(5);
                }
                if (finished.getState() != RecordingState.CLOSED) {
                    throw new IOException("JFR did not write the last chunk before the shutdown deadline");
                }
            } else {
                finished.stop();
            }
            if (Files.size(temp) == 0) {
                throw new IOException("JFR wrote an empty chunk");
            }
            repository.publish(temp, start, end);
        } catch (IOException | RuntimeException e) {
            // disk full, directory gone, or JFR torn down before the chunk was written: lost, counted
            ChunkRepository.delete(temp);
            counters.increment(AgentCounters.JFR_CHUNKS_DROPPED_WRITE_FAILED);
            AgentLog.warnRateLimited("jfr-write", "JFR chunk could not be written to " + repository.dir() + ", dropped and counted: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
            // bounded: the recording thread may be stuck starting a recording JFR can no longer start
            if (!rotation.tryLock(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                counters.increment(AgentCounters.JFR_CHUNKS_DROPPED_WRITE_FAILED);
                AgentLog.info("last JFR chunk not written (counted): the recording thread is still starting a recording at exit");
                return;
            }
            Recording last;
            long start;
            try {
                last = current;
                start = currentStartMillis;
                current = null;
            } finally {
                rotation.unlock();
            }
            if (last != null) {
                finish(last, start, System.currentTimeMillis(), JvmShutdown.inProgress(), deadline);
            }
            if (System.nanoTime() - deadline < 0) {
                backoffUntilNanos = 0;
                uploadPending(deadline); // bounded: a collector that never answers must not hold the JVM's exit
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            AgentLog.debug("last JFR chunk not delivered: " + e);
        }
    }
}
