package dev.hotpath.collector.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hotpath.collector.testing.Otlp;
import dev.hotpath.collector.testing.SpanSpec;
import dev.hotpath.collector.testing.TraceBuilder;
import dev.hotpath.collector.trace.Span;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** Every recorded format decodes to the same spans; a broken file fails whole with a reason. */
class OtlpFilesTest {
    private final List<SpanSpec> first = TraceBuilder.request("shop", TraceBuilder.EPOCH_NANOS)
            .sequential(6, "select * from items where order_id = ?", null, 1).specs();
    private final List<SpanSpec> second = TraceBuilder.request("shop", TraceBuilder.EPOCH_NANOS + TraceBuilder.MS)
            .sequential(2, "select 1", null, 1).specs();

    @Test
    void capturedBodiesJsonLinesLengthPrefixedProtobufAndGzipAllDecode() throws IOException {
        byte[] json = Otlp.json(first).getBytes(StandardCharsets.UTF_8);
        byte[] proto = Otlp.protobuf(first).toByteArray();
        byte[] lines = (Otlp.json(first) + "\n" + Otlp.json(second) + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] a = Otlp.protobuf(first).toByteArray();
        byte[] b = Otlp.protobuf(second).toByteArray();
        byte[] framed = ByteBuffer.allocate(8 + a.length + b.length).putInt(a.length).put(a).putInt(b.length).put(b).array();

        assertEquals(first.size(), OtlpFiles.read(json).size());
        assertEquals(first.size(), OtlpFiles.read(proto).size());
        assertEquals(first.size() + second.size(), OtlpFiles.read(lines).size());
        assertEquals(first.size() + second.size(), OtlpFiles.read(framed).size());
        List<Span> gz = OtlpFiles.read(gzip(lines));
        assertEquals(first.size() + second.size(), gz.size());
        assertTrue(gz.stream().anyMatch(s -> "select * from items where order_id = ?".equals(s.statement())));
    }

    @Test
    void aBrokenFileFailsWithTheLineThatBrokeIt() {
        byte[] lines = (Otlp.json(first) + "\n{\"resourceSpans\": [ {\n").getBytes(StandardCharsets.UTF_8);
        IOException e = assertThrows(IOException.class, () -> OtlpFiles.read(lines));
        assertTrue(e.getMessage().matches("line [23]: malformed JSON: Unexpected end-of-input.*"), e.getMessage()); // the cut document
        assertThrows(IOException.class, () -> OtlpFiles.read(new byte[] {0x0a, 0x7f, 0x01}));
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }
}
