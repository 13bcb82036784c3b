package dev.hotpath.bootstrap;

/**
 * Per-thread call depth per instrumentation target. JDBC wrappers (pools, proxies, tracing drivers)
 * call the instrumented method of the object they wrap; only the outermost call is recorded.
 */
public final class CallDepth {
    public static final int SERVER = 0;
    public static final int JDBC = 1;
    public static final int ACQUIRE = 2;
    /** Outbound HTTP, any client: one span per logical call (facades delegate, HttpURLConnection re-enters itself). */
    public static final int HTTP_CLIENT = 3;
    private static final int TARGETS = 4;

    private static final ThreadLocal<int[]> DEPTHS = ThreadLocal.withInitial(() -> new int[TARGETS]);

    private CallDepth() {
    }

    /** Increments and returns the depth before this call: 0 means outermost. */
    public static int enter(int target) {
        int[] depths = DEPTHS.get();
        return depths[target]++;
    }

    public static void exit(int target) {
        int[] depths = DEPTHS.get();
        if (depths[target] > 0) {
            depths[target]--;
        }
    }

    public static int current(int target) {
        return DEPTHS.get()[target];
    }
}
