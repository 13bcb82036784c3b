package dev.hotpath.agent.trace;

import java.util.concurrent.ThreadLocalRandom;

/** W3C trace and span ids as longs; hex only when exported. */
public final class Ids {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Ids() {
    }

    public static long nonZero() {
        long id;
        do {
            id = ThreadLocalRandom.current().nextLong();
        } while (id == 0);
        return id;
    }

    public static String hex(long v) {
        char[] out = new char[16];
        for (int i = 15; i >= 0; i--) {
            out[i] = HEX[(int) (v & 0xf)];
            v >>>= 4;
        }
        return new String(out);
    }

    /** Parses 16 hex chars at offset; returns 0 on anything else (0 is an invalid id anyway). */
    static long parseHex16(String s, int offset) {
        long v = 0;
        for (int i = offset; i < offset + 16; i++) {
            int d = Character.digit(s.charAt(i), 16);
            if (d < 0 || Character.isUpperCase(s.charAt(i))) {
                return 0;
            }
            v = (v << 4) | d;
        }
        return v;
    }
}
