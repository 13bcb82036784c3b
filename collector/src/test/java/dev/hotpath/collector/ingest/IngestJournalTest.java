package dev.hotpath.collector.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hotpath.collector.stats.CollectorCounters;
import dev.hotpath.collector.testing.Otlp;
import dev.hotpath.collector.testing.SpanSpec;
import dev.hotpath.collector.testing.TraceBuilder;
import dev.hotpath.collector.trace.Span;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestJournalTest {
    @TempDir
    Path out;

    private static byte[] body(int i) {
        List<SpanSpec> specs = TraceBuilder.request("shop", TraceBuilder.EPOCH_NANOS + i * TraceBuilder.MS).work(1).specs();
        return Otlp.protobuf(specs).toByteArray();
    }

    /** What a killed process left is read back in order; a record cut in the middle is ignored and counted. */
    @Test
    void recoversWholeRecordsAndIgnoresATornOne() throws Exception {
        CollectorCounters before = new CollectorCounters();
        IngestJournal crashed = new IngestJournal(out, 1 << 20, before);
        byte[] a = body(1);
        byte[] b = body(2);
        byte[] c = body(3);
        crashed.append(IngestJournal.PROTOBUF, a, OtlpProtobufDecoder.decode(a));
        crashed.append(IngestJournal.PROTOBUF, b, OtlpProtobufDecoder.decode(b));
        crashed.append(IngestJournal.PROTOBUF, c, OtlpProtobufDecoder.decode(c));
        crashed.close();
        Path segment = out.resolve(IngestJournal.DIR_NAME).resolve("segment-0.bin");
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 5); // the kill came in the middle of the third append
        }

        CollectorCounters after = new CollectorCounters();
        IngestJournal restarted = new IngestJournal(out, 1 << 20, after);
        List<IngestJournal.Entry> entries = restarted.recover();
        assertEquals(2, entries.size());
        assertArrayEquals(a, entries.get(0).body());
        assertArrayEquals(b, entries.get(1).body());
        assertEquals(OtlpProtobufDecoder.decode(b).get(0).traceId(), entries.get(1).decode().get(0).traceId());
        assertEquals(1, after.get("journal.torn_records"));
        restarted.deleteRecovered();
        assertEquals(List.of("segment-1.bin"), names(), "the new process writes its own segment");
    }

    /** A closed segment goes once none of its traces is in flight; the open one stays. */
    @Test
    void aSegmentIsDeletedOnlyWhenAllItsTracesLeftAssembly() throws Exception {
        IngestJournal journal = new IngestJournal(out, 1 << 20, new CollectorCounters());
        byte[] a = body(1);
        List<Span> spans = OtlpProtobufDecoder.decode(a);
        String trace = spans.get(0).traceId();
        journal.append(IngestJournal.PROTOBUF, a, spans);
        journal.rotate();
        journal.prune(Set.of(trace)::contains);
        assertEquals(List.of("segment-0.bin", "segment-1.bin"), names(), "its trace is still being assembled");
        journal.prune(id -> false);
        assertEquals(List.of("segment-1.bin"), names());
        journal.closeAndDiscard();
        assertTrue(!Files.exists(out.resolve(IngestJournal.DIR_NAME)));
    }

    private List<String> names() throws Exception {
        try (Stream<Path> s = Files.list(out.resolve(IngestJournal.DIR_NAME))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
