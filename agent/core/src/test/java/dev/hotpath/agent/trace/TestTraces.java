package dev.hotpath.agent.trace;

/** Finished request traces for tests outside this package (the constructor is package-private on purpose). */
public final class TestTraces {
    private TestTraces() {
    }

    public static LocalTrace finished(String method, String path, int status) {
        long start = System.nanoTime();
        LocalTrace trace = new LocalTrace(null, Ids.nonZero(), start, System.currentTimeMillis() * 1_000_000L);
        trace.root.method = method;
        trace.root.path = path;
        trace.root.route = path;
        trace.root.status = status;
        trace.root.endNanos = start + 1_000_000;
        return trace;
    }
}
