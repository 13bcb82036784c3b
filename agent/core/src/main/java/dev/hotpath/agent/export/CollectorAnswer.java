package dev.hotpath.agent.export;

/**
 * What the collector said to a post, reduced to what the agent decides on; shared by the span exporter and
 * the JFR chunk uploader so both read the answers the same way.
 */
public record CollectorAnswer(CollectorAnswer.Outcome outcome, int status, long retryAfterMs, String detail) {
    /** OK: taken; RETRYABLE: try again later; TOO_LARGE: 413, never retried as is; REJECTED: any other answer, final. */
    public enum Outcome { OK, RETRYABLE, TOO_LARGE, REJECTED }

    /** No answer, a refused connection or a reset: the collector may be back later. */
    public static CollectorAnswer noAnswer(String detail) {
        return new CollectorAnswer(Outcome.RETRYABLE, 0, -1, detail);
    }

    /** 2xx ok; 429, 502, 503, 504 retryable (OTLP/HTTP spec), {@code Retry-After} in seconds kept; 413 too large; any other answer is final. */
    public static CollectorAnswer classify(int status, String retryAfter) {
        if (status / 100 == 2) {
            return new CollectorAnswer(Outcome.OK, status, -1, "HTTP " + status);
        }
        if (status == 429 || status == 502 || status == 503 || status == 504) {
            return new CollectorAnswer(Outcome.RETRYABLE, status, ExportBackoff.parseRetryAfterMs(retryAfter), "HTTP " + status);
        }
        if (status == 413) {
            return new CollectorAnswer(Outcome.TOO_LARGE, status, -1, "HTTP 413");
        }
        return new CollectorAnswer(Outcome.REJECTED, status, -1, "HTTP " + status);
    }
}
