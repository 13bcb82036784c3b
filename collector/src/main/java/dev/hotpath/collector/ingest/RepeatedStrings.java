package dev.hotpath.collector.ingest;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * UTF-8 bytes -> String, returning one shared instance for text that repeats across spans (attribute keys,
 * span names, SQL statements, fingerprints, routes, service names): a span batch decodes the same few dozen
 * strings hundreds of times, and in-flight traces would otherwise hold a copy of each per span. A fixed-size
 * table (a newer string replaces an older one in its slot), so memory is bounded whatever the input; slots are
 * immutable entries read and written without locks (a lost race only costs a copy). Invalid UTF-8 is refused,
 * as the protobuf runtime's strict string fields did.
 */
final class RepeatedStrings {
    static final int MAX_CACHED_BYTES = 256;
    private static final int SLOTS = 4096; // power of two; at most SLOTS x ~0.6 KiB
    private static final Entry[] TABLE = new Entry[SLOTS];
    private static final String[] DECODED = new String[SLOTS]; // for decoders that get Strings (JSON)
    private static final ThreadLocal<CharsetDecoder> STRICT = ThreadLocal.withInitial(() -> StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));

    private record Entry(byte[] bytes, int hash, String value) {
    }

    private RepeatedStrings() {
    }

    static String get(byte[] buf, int off, int len) throws CharacterCodingException {
        if (len == 0) {
            return "";
        }
        if (len > MAX_CACHED_BYTES) {
            return decode(buf, off, len);
        }
        int h = 1;
        for (int i = off, end = off + len; i < end; i++) {
            h = 31 * h + buf[i];
        }
        int slot = (h ^ (h >>> 16)) & (SLOTS - 1);
        Entry e = TABLE[slot];
        if (e != null && e.hash == h && Arrays.equals(e.bytes, 0, e.bytes.length, buf, off, off + len)) {
            return e.value;
        }
        String s = decode(buf, off, len);
        TABLE[slot] = new Entry(Arrays.copyOfRange(buf, off, off + len), h, s);
        return s;
    }

    /** The shared instance equal to {@code s} when one is in the table, else {@code s} (which then is). */
    static String intern(String s) {
        if (s.length() > MAX_CACHED_BYTES) {
            return s;
        }
        int h = s.hashCode();
        int slot = (h ^ (h >>> 16)) & (SLOTS - 1);
        String cached = DECODED[slot];
        if (s.equals(cached)) {
            return cached;
        }
        DECODED[slot] = s;
        return s;
    }

    private static String decode(byte[] buf, int off, int len) throws CharacterCodingException {
        boolean ascii = true;
        for (int i = off, end = off + len; i < end && ascii; i++) {
            ascii = buf[i] >= 0;
        }
        if (ascii) {
            return new String(buf, off, len, StandardCharsets.ISO_8859_1);
        }
        CharBuffer chars = STRICT.get().reset().decode(ByteBuffer.wrap(buf, off, len));
        return chars.toString();
    }
}
