package dev.hotpath.agent.export;

import java.util.function.DoubleSupplier;

/**
 * Delay before the next export attempt after a failure: exponential from 500 ms, doubling per consecutive
 * failure up to 30 s, with "equal jitter" (half fixed, half random) so a fleet of agents does not retry in
 * step after the collector comes back. A collector's {@code Retry-After} is honoured as a minimum (capped).
 */
public final class ExportBackoff {
    static final long INITIAL_MS = 500;
    static final long MAX_MS = 30_000;
    static final long MAX_RETRY_AFTER_MS = 60_000;

    private final DoubleSupplier random;
    private int failures;

    public ExportBackoff(DoubleSupplier random) {
        this.random = random;
    }

    /** One more consecutive failure: the delay (ms) before the next attempt; retryAfterMs &lt; 0 when not given. */
    public long onFailure(long retryAfterMs) {
        long ceiling = Math.min(MAX_MS, INITIAL_MS << Math.min(failures, 16));
        failures++;
        long delay = ceiling / 2 + (long) (random.getAsDouble() * (ceiling / 2));
        return Math.max(delay, Math.min(retryAfterMs, MAX_RETRY_AFTER_MS));
    }

    public void onSuccess() {
        failures = 0;
    }

    int consecutiveFailures() {
        return failures;
    }

    /** {@code Retry-After} in seconds (the HTTP-date form is not worth parsing here: -1, the backoff decides). */
    static long parseRetryAfterMs(String header) {
        if (header == null) {
            return -1;
        }
        try {
            long seconds = Long.parseLong(header.trim());
            return seconds < 0 ? -1 : Math.min(seconds, MAX_RETRY_AFTER_MS / 1000) * 1000;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
