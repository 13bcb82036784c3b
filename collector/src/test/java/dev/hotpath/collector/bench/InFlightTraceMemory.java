package dev.hotpath.collector.bench;

import dev.hotpath.collector.CollectorConfig;
import dev.hotpath.collector.IngestPath;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Retained heap per in-flight trace in the assembler: heap used after a full GC, before and after posting
 * {@code batches} agent export batches ({@link AgentBatch}, 23 spans a trace) that stay open (the quiet period is
 * never reached: no sweep runs). Prints one line: {@code format traces spans bytes/trace bytes/span}.
 * Usage: {@code InFlightTraceMemory [protobuf|json] [batches]} (default protobuf 400: 9,200 traces, under the
 * default in-flight bound of 10,000). Run with a fixed heap, e.g. {@code -Xms512m -Xmx512m}.
 */
public final class InFlightTraceMemory {
    private InFlightTraceMemory() {
    }

    public static void main(String[] args) throws Exception {
        boolean json = args.length > 0 && args[0].equals("json");
        int batches = args.length > 1 ? Integer.parseInt(args[1]) : 400;
        Path dir = Files.createTempDirectory("hotpath-inflight");
        AgentBatch batch = AgentBatch.create(json, 1);
        try (IngestPath path = new IngestPath(CollectorConfig.builder(dir).flushInterval(Duration.ZERO).build())) {
            // warm the code and the per-class structures first, so the delta is the traces only
            batch.renew();
            path.post(json, batch.body());
            long before = heapAfterGc();
            for (int i = 0; i < batches; i++) {
                batch.renew();
                path.post(json, batch.body());
            }
            long after = heapAfterGc();
            int traces = path.inFlightTraces() - AgentBatch.TRACES;
            if (traces != batches * AgentBatch.TRACES) {
                throw new IllegalStateException("expected " + batches * AgentBatch.TRACES + " open traces, got " + traces
                        + " " + path.counters().collectorSnapshot());
            }
            long perTrace = (after - before) / traces;
            System.out.printf("%s %d %d %d %d%n", json ? "json" : "protobuf", traces, traces * AgentBatch.SPANS_PER_TRACE,
                    perTrace, perTrace / AgentBatch.SPANS_PER_TRACE);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static long heapAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) { // a few full collections: the last ones find nothing more to free
            System.gc();
            Thread.sleep(50);
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
