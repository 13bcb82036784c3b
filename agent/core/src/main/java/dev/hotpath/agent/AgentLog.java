package dev.hotpath.agent;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agent's only output: one line on stderr, prefixed, never more than once a minute per key, so
 * a failing path cannot flood the application's logs.
 */
public final class AgentLog {
    private static final long REPEAT_NANOS = 60_000_000_000L;
    private static final Map<String, Long> LAST = new ConcurrentHashMap<>();
    private static volatile boolean debug;

    private AgentLog() {
    }

    static void setDebug(boolean on) {
        debug = on;
    }

    public static void info(String message) {
        System.err.println("[hotpath] " + message);
    }

    public static void debug(String message) {
        if (debug) {
            info(message);
        }
    }

    /** Logs at most once a minute for this key. */
    public static void warnRateLimited(String key, String message) {
        long now = System.nanoTime();
        Long last = LAST.get(key);
        if (last != null && now - last < REPEAT_NANOS) {
            return;
        }
        if (LAST.size() < 1000) {
            LAST.put(key, now);
        }
        info(message);
    }
}
