package dev.hotpath.examples.e2e;

import dev.hotpath.collector.Collector;

/**
 * The agent exports asynchronously; a test that wants to look at what arrived waits for it here
 * rather than racing the application's shutdown. A bound, not a timing assertion: the test fails
 * later, on what is missing.
 */
final class Delivery {
    private Delivery() {
    }

    /** Waits until the collector has received at least this many spans, or the deadline passes. */
    static void awaitSpans(Collector collector, long spans, long timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        while (collector.counters().get("received.spans") < spans && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    /** Waits until the collector has received at least this many JFR chunks, or the deadline passes. */
    static void awaitJfrChunks(Collector collector, long chunks, long timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        while (collector.counters().get("jfr.chunks.received") < chunks && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }
}
