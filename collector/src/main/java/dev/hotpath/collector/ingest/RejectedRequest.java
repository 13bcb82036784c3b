package dev.hotpath.collector.ingest;

/** A request the collector refuses: HTTP status, a counter key, and a one-line reason for the client. */
public final class RejectedRequest extends Exception {
    private final int status;
    private final String counterKey;

    public RejectedRequest(int status, String counterKey, String reason) {
        super(oneLine(reason), null, false, false);
        this.status = status;
        this.counterKey = counterKey;
    }

    public static RejectedRequest malformed(String reason) {
        return new RejectedRequest(400, "malformed", reason);
    }

    public int status() {
        return status;
    }

    public String counterKey() {
        return counterKey;
    }

    static String oneLine(String s) {
        if (s == null) {
            return "rejected";
        }
        String line = s.replaceAll("[\\r\\n\\t]+", " ").trim();
        return line.length() > 300 ? line.substring(0, 297) + "..." : line;
    }
}
