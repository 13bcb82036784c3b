package dev.hotpath.agent.trace;

/** An incoming W3C {@code traceparent} (and its {@code tracestate}), continued by the server span. */
public record TraceParent(long traceIdHigh, long traceIdLow, long spanId, boolean sampled, String traceState) {

    /** Returns null for a missing or invalid header (the request then starts a new trace). */
    public static TraceParent parse(String traceparent, String tracestate) {
        if (traceparent == null) {
            return null;
        }
        String h = traceparent.trim();
        // version "00": 00-<32 hex trace id>-<16 hex span id>-<2 hex flags>; later versions may append
        if (h.length() < 55 || h.charAt(2) != '-' || h.charAt(35) != '-' || h.charAt(52) != '-'
                || h.startsWith("ff") || (h.length() > 55 && (h.startsWith("00") || h.charAt(55) != '-'))) {
            return null;
        }
        if (Character.digit(h.charAt(0), 16) < 0 || Character.digit(h.charAt(1), 16) < 0) {
            return null;
        }
        long hi = Ids.parseHex16(h, 3);
        long lo = Ids.parseHex16(h, 19);
        long span = Ids.parseHex16(h, 36);
        int f1 = Character.digit(h.charAt(53), 16);
        int f2 = Character.digit(h.charAt(54), 16);
        if ((hi == 0 && lo == 0) || span == 0 || f1 < 0 || f2 < 0 || !validHex(h, 3, 35) || !validHex(h, 36, 52)) {
            return null;
        }
        boolean sampled = (f2 & 1) == 1;
        String state = tracestate == null || tracestate.isBlank() || tracestate.length() > 512 ? null : tracestate.trim();
        return new TraceParent(hi, lo, span, sampled, state);
    }

    private static boolean validHex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }
}
