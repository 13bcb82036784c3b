package dev.hotpath.collector.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hotpath.collector.trace.Span;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * OTLP trace data recorded elsewhere, for offline analysis: a captured request body
 * (ExportTraceServiceRequest, JSON or protobuf), JSON lines of such requests (the OpenTelemetry
 * Collector's file exporter, {@code format: json}), or length-prefixed protobuf messages (its
 * {@code format: proto}); any of them gzipped. The same decoders as the HTTP ingest, so the same
 * validation and normalisation.
 */
public final class OtlpFiles {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Bound on one file once gunzipped, like the decoded-body limit of the HTTP ingest. */
    static final long MAX_DECODED_BYTES = 1L << 30;

    private OtlpFiles() {
    }

    /** The spans in a file's content; a malformed file fails as a whole with a one-line reason. */
    public static List<Span> read(byte[] content) throws IOException {
        byte[] bytes = isGzip(content) ? gunzip(content) : content;
        try {
            int first = firstNonBlank(bytes);
            if (first >= 0 && bytes[first] == '{') {
                return jsonLines(bytes);
            }
            try {
                return OtlpProtobufDecoder.decode(bytes);
            } catch (RejectedRequest whole) {
                List<Span> framed = lengthPrefixed(bytes);
                if (framed == null) {
                    throw whole;
                }
                return framed;
            }
        } catch (RejectedRequest e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** One JSON document or a sequence of them (JSON lines); each an ExportTraceServiceRequest. */
    private static List<Span> jsonLines(byte[] bytes) throws RejectedRequest {
        List<Span> out = new ArrayList<>();
        try (MappingIterator<JsonNode> documents = MAPPER.readerFor(JsonNode.class).readValues(bytes)) {
            while (true) {
                int line = documents.getParser().getCurrentLocation().getLineNr();
                JsonNode document;
                try {
                    if (!documents.hasNextValue()) {
                        break;
                    }
                    document = documents.nextValue();
                } catch (JsonProcessingException e) {
                    throw RejectedRequest.malformed("line " + e.getLocation().getLineNr() + ": malformed JSON: " + e.getOriginalMessage());
                }
                try {
                    out.addAll(OtlpJsonDecoder.decode(MAPPER.writeValueAsBytes(document)));
                } catch (RejectedRequest e) {
                    throw RejectedRequest.malformed("document from line " + line + ": " + e.getMessage());
                }
            }
        } catch (IOException e) {
            throw RejectedRequest.malformed("unreadable JSON: " + e.getMessage());
        }
        return out;
    }

    /** Messages each preceded by a 4-byte big-endian length; null when the bytes are not such a sequence. */
    private static List<Span> lengthPrefixed(byte[] bytes) throws RejectedRequest {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        List<Span> out = new ArrayList<>();
        while (buf.remaining() > 0) {
            if (buf.remaining() < 4) {
                return null;
            }
            int length = buf.getInt();
            if (length < 0 || length > buf.remaining()) {
                return null;
            }
            byte[] message = new byte[length];
            buf.get(message);
            out.addAll(OtlpProtobufDecoder.decode(message));
        }
        return out;
    }

    private static int firstNonBlank(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if (!Character.isWhitespace(bytes[i])) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isGzip(byte[] b) {
        return b.length >= 2 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b;
    }

    private static byte[] gunzip(byte[] content) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(content))) {
            byte[] out = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, MAX_DECODED_BYTES + 1));
            if (out.length > MAX_DECODED_BYTES) {
                throw new IOException("gunzipped file is over " + MAX_DECODED_BYTES + " bytes");
            }
            return out;
        }
    }
}
