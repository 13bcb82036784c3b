package dev.hotpath.agent.overload;

import dev.hotpath.agent.AgentLog;
import dev.hotpath.agent.export.AgentCounters;

import java.util.function.Supplier;

/**
 * The overload circuit breaker at work: its own daemon thread ({@code hotpath-overload}, started with the
 * exporter at the first request) takes a reading once a second, lets the {@link OverloadBreaker} decide,
 * and reports each decision with one line on stderr and a counter ({@code overload.shed},
 * {@code overload.resumed}, time shed in {@code overload.shed.ms}). Not the exporter's thread: that one
 * can spend {@code export.timeout.ms} twice over in each round when the collector hangs, and the breaker
 * must not open later for it. While it is open, {@link #shedding()} tells the agent's parts to keep no
 * traces and to pause JFR uploads and deep windows; the always-on aggregates go on. A failing reading
 * turns the breaker off with one line; the agent carries on without it.
 */
public final class OverloadGuard {
    /** Never sheds: the breaker is off ({@code overload=off}) or not wired (tests). */
    public static final OverloadGuard OFF = new OverloadGuard(new OverloadConfig(false, 1, 1, 1, 1, 0), null, null);

    private final OverloadConfig config;
    private final AgentCounters counters;
    private final OverloadBreaker breaker;
    private Supplier<ResourceReading> readings; // breaker thread only: created lazily, outside premain
    private volatile boolean shedding;
    private volatile boolean broken;
    private Thread thread;
    private boolean sampled;
    private long nextSampleNanos;
    private long shedSinceNanos;

    public OverloadGuard(OverloadConfig config, AgentCounters counters, Supplier<ResourceReading> readings) {
        this.config = config;
        this.counters = counters;
        this.readings = readings;
        this.breaker = new OverloadBreaker(config);
    }

    /** The breaker with the JVM's own readings, created on first sample. */
    public static OverloadGuard forJvm(OverloadConfig config, AgentCounters counters) {
        return config.enabled() ? new OverloadGuard(config, counters, null) : OFF;
    }

    /** True while the agent sheds its own work: a volatile read, for application threads. */
    public boolean shedding() {
        return shedding;
    }

    /** Starts the breaker's thread (once; nothing when the breaker is off). */
    public synchronized void start() {
        if (!config.enabled() || thread != null) {
            return;
        }
        thread = new Thread(this::run, "hotpath-overload");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (!broken) {
                sampleIfDue(System.nanoTime());
                Thread.sleep(Math.max(1, (nextSampleNanos - System.nanoTime()) / 1_000_000 + 1));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            broken = true;
            shedding = false;
            counters.increment(AgentCounters.AGENT_ERRORS);
            AgentLog.info("overload breaker off after an error: " + t);
        }
    }

    /** The breaker's thread (tests call it with a fake clock): a reading and a decision once per {@link OverloadConfig#SAMPLE_MILLIS}. */
    public void sampleIfDue(long nowNanos) {
        if (!config.enabled() || broken || (sampled && nowNanos - nextSampleNanos < 0)) {
            return; // (nanoTime may be negative: the first tick always samples)
        }
        sampled = true;
        nextSampleNanos = nowNanos + OverloadConfig.SAMPLE_MILLIS * 1_000_000L;
        ResourceReading r;
        try {
            if (readings == null) {
                readings = new JvmReadings();
            }
            r = readings.get();
        } catch (Throwable t) {
            broken = true;
            AgentLog.info("overload breaker off: the JVM's CPU and heap readings are unavailable (" + t + ")");
            return;
        }
        if (shedding) {
            counters.add(AgentCounters.OVERLOAD_SHED_MS, (nowNanos - shedSinceNanos) / 1_000_000);
            shedSinceNanos = nowNanos;
        }
        switch (breaker.onSample(nowNanos, r)) {
            case SHED -> {
                shedding = true;
                shedSinceNanos = nowNanos;
                counters.increment(AgentCounters.OVERLOAD_SHED);
                AgentLog.info("overload: " + breaker.cause() + "; shedding the agent's own work (no traces kept, JFR uploads and "
                        + "deep windows paused; aggregates go on) until CPU and heap stay below "
                        + Math.round(config.resumeBelow() * 100) + "% for " + config.resumeAfterMillis() / 1000 + " s");
            }
            case RESUME -> {
                shedding = false;
                counters.increment(AgentCounters.OVERLOAD_RESUMED);
                AgentLog.info("overload over: CPU and heap below " + Math.round(config.resumeBelow() * 100) + "% for "
                        + config.resumeAfterMillis() / 1000 + " s; the agent resumes its work");
            }
            case NONE -> {
                // no change
            }
        }
    }
}
