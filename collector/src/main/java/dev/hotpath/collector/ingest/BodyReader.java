package dev.hotpath.collector.ingest;

import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads a request body within limits. The limit is enforced while reading (Content-Length is only a
 * hint: chunked bodies have none, and a client may lie), and a gzip body is bounded again after
 * decompression, so a small compressed bomb cannot exhaust memory.
 */
final class BodyReader {
    private static final int CHUNK = 16 * 1024;
    private final long maxBodyBytes;
    private final long maxDecodedBytes;

    BodyReader(long maxBodyBytes, long maxDecodedBytes) {
        this.maxBodyBytes = maxBodyBytes;
        this.maxDecodedBytes = maxDecodedBytes;
    }

    /** The body, gunzipped when {@code Content-Encoding: gzip}; plus the number of bytes on the wire. */
    record Body(byte[] bytes, long wireBytes) {
    }

    Body read(HttpExchange ex) throws RejectedRequest {
        long declared = declaredLength(ex);
        InputStream in = ex.getRequestBody();
        if (declared > maxBodyBytes) {
            drainQuietly(in, maxBodyBytes);
            throw tooLarge("body of " + declared + " bytes exceeds the " + maxBodyBytes + "-byte limit");
        }
        byte[] raw;
        try {
            raw = readBounded(in, maxBodyBytes);
        } catch (LimitExceeded e) {
            drainQuietly(in, maxBodyBytes);
            throw tooLarge("body exceeds the " + maxBodyBytes + "-byte limit");
        } catch (IOException e) {
            throw new RejectedRequest(400, "truncated", "truncated body: " + e.getMessage());
        }
        if (declared >= 0 && raw.length < declared) {
            throw new RejectedRequest(400, "truncated", "truncated body: got " + raw.length + " of " + declared + " bytes");
        }
        String encoding = ex.getRequestHeaders().getFirst("Content-Encoding");
        if (encoding == null || encoding.isBlank() || encoding.trim().equalsIgnoreCase("identity")) {
            return new Body(raw, raw.length);
        }
        if (!encoding.trim().toLowerCase(Locale.ROOT).equals("gzip")) {
            throw new RejectedRequest(415, "unsupported_encoding", "unsupported Content-Encoding '" + encoding + "'; use gzip or none");
        }
        try (InputStream gz = new GZIPInputStream(new ByteArrayInputStream(raw), CHUNK)) {
            return new Body(readBounded(gz, maxDecodedBytes), raw.length);
        } catch (LimitExceeded e) {
            throw tooLarge("gunzipped body exceeds the " + maxDecodedBytes + "-byte limit");
        } catch (EOFException e) {
            throw new RejectedRequest(400, "truncated", "truncated gzip body");
        } catch (ZipException e) {
            throw RejectedRequest.malformed("bad gzip body: " + e.getMessage());
        } catch (IOException e) {
            throw RejectedRequest.malformed("unreadable gzip body: " + e.getMessage());
        }
    }

    private static RejectedRequest tooLarge(String reason) {
        return new RejectedRequest(413, "too_large", reason);
    }

    private static long declaredLength(HttpExchange ex) throws RejectedRequest {
        String cl = ex.getRequestHeaders().getFirst("Content-Length");
        if (cl == null) {
            return -1;
        }
        try {
            return Long.parseLong(cl.trim());
        } catch (NumberFormatException e) {
            throw RejectedRequest.malformed("bad Content-Length '" + cl + "'");
        }
    }

    private static byte[] readBounded(InputStream in, long limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(CHUNK);
        byte[] buf = new byte[CHUNK];
        long total = 0;
        int n;
        while ((n = in.read(buf)) != -1) {
            total += n;
            if (total > limit) {
                throw new LimitExceeded();
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    /** Reads and discards up to {@code max} more bytes so a well-behaved client can read our 413. */
    private static void drainQuietly(InputStream in, long max) {
        byte[] buf = new byte[CHUNK];
        long total = 0;
        try {
            int n;
            while (total < max && (n = in.read(buf)) != -1) {
                total += n;
            }
        } catch (IOException ignored) {
            // the client went away; nothing to answer
        }
    }

    private static final class LimitExceeded extends IOException {
        LimitExceeded() {
            super(null, null);
        }
    }
}
