package dev.hotpath.collector.findings;

import dev.hotpath.collector.Collector;
import dev.hotpath.collector.CollectorConfig;
import dev.hotpath.collector.testing.TraceBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static dev.hotpath.collector.testing.TraceBuilder.EPOCH_NANOS;
import static dev.hotpath.collector.testing.TraceBuilder.MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TraceLogTest {

    /** traces.jsonl stops at its bound, whole lines only; every trace is still analysed and counted. */
    @Test
    void boundedOnDiskWithWholeLinesAndTheShedCounted(@TempDir Path out) throws Exception {
        long bound = 6_000;
        try (Collector collector = Collector.start(CollectorConfig.builder(out).listen("127.0.0.1", 0)
                .maxTraceLogBytes(bound).flushInterval(Duration.ZERO).build())) {
            for (int i = 0; i < 40; i++) {
                collector.acceptSpans(TraceBuilder.request("shop", EPOCH_NANOS + i * 100 * MS).endpoint("GET", "/orders/{id}")
                        .sequential(6, "select * from items where order_id = ?", "00000000000000aa", 1).spans());
            }
            collector.flush();
            long written = Files.size(out.resolve(TraceLog.FILE_NAME));
            List<String> lines = Files.readAllLines(out.resolve(TraceLog.FILE_NAME));
            assertTrue(written <= bound, written + " bytes");
            assertTrue(lines.size() > 0 && lines.size() < 40, lines.size() + " lines");
            lines.forEach(l -> assertTrue(l.startsWith("{") && l.endsWith("}"), "whole lines only"));
            assertEquals(40, collector.counters().get("traces.completed"));
            assertEquals(40 - lines.size(), collector.counters().get("traces.log.shed"));
            assertEquals(1, collector.findings().size(), "every trace still reaches the detectors");
        }
    }

    /** A line cut by a killed process is removed when the log is opened again, and counted; appends stay whole lines. */
    @Test
    void aTornLastLineIsCutOnOpenAndCounted(@TempDir Path out) throws Exception {
        Path file = out.resolve(TraceLog.FILE_NAME);
        String whole = "{\"traceId\":\"0af7651916cd43dd8448eb211c80319c\",\"spans\":[]}\n";
        String torn = "{\"traceId\":\"0af7651916cd43dd8448eb211c80319d\",\"spa";
        Files.writeString(file, whole + torn);
        try (Collector collector = Collector.start(CollectorConfig.builder(out).listen("127.0.0.1", 0)
                .flushInterval(Duration.ZERO).build())) {
            collector.acceptSpans(TraceBuilder.request("shop", EPOCH_NANOS).endpoint("GET", "/orders/{id}").work(2).spans());
            collector.flush();
            assertEquals(torn.length(), collector.counters().get("traces.log.torn_bytes_repaired"));
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals(2, lines.size());
        assertEquals(whole.trim(), lines.get(0));
        lines.forEach(l -> assertTrue(l.startsWith("{\"traceId\":") && l.endsWith("}"), l));
        assertEquals(java.util.Set.of("0af7651916cd43dd8448eb211c80319c"), TraceLog.traceIdsAmong(out,
                java.util.Set.of("0af7651916cd43dd8448eb211c80319c", "0af7651916cd43dd8448eb211c80319d")));
    }
}
