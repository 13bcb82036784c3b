package dev.hotpath.agent.export;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExportBackoffTest {

    @Test
    void doublesWithEqualJitterUpToTheCap() {
        ExportBackoff low = new ExportBackoff(() -> 0.0);
        ExportBackoff high = new ExportBackoff(() -> 0.999999);
        long ceiling = ExportBackoff.INITIAL_MS;
        for (int i = 0; i < 12; i++) {
            long lo = low.onFailure(-1);
            long hi = high.onFailure(-1);
            assertEquals(ceiling / 2, lo, "half of the ceiling is fixed, failure " + i);
            assertTrue(hi >= ceiling - 1 && hi <= ceiling, "the other half is random, failure " + i + ": " + hi);
            ceiling = Math.min(ExportBackoff.MAX_MS, ceiling * 2);
        }
        assertEquals(ExportBackoff.MAX_MS / 2, low.onFailure(-1), "capped at 30 s");
        low.onSuccess();
        assertEquals(ExportBackoff.INITIAL_MS / 2, low.onFailure(-1), "a success starts over");
    }

    @Test
    void retryAfterIsAMinimumWithACap() {
        ExportBackoff b = new ExportBackoff(() -> 0.5);
        assertEquals(7000, b.onFailure(ExportBackoff.parseRetryAfterMs("7")));
        assertEquals(ExportBackoff.MAX_RETRY_AFTER_MS, b.onFailure(ExportBackoff.parseRetryAfterMs("86400")));
        assertEquals(-1, ExportBackoff.parseRetryAfterMs("Wed, 21 Oct 2015 07:28:00 GMT"));
        assertEquals(-1, ExportBackoff.parseRetryAfterMs("-3"));
        assertEquals(-1, ExportBackoff.parseRetryAfterMs(null));
    }

    @Test
    void onlyOtlpRetryableAnswersAreRetried() {
        for (int status : new int[] {429, 502, 503, 504}) {
            assertEquals(CollectorAnswer.Outcome.RETRYABLE, CollectorAnswer.classify(status, null).outcome(), "" + status);
        }
        for (int status : new int[] {400, 401, 403, 404, 415, 500}) {
            assertEquals(CollectorAnswer.Outcome.REJECTED, CollectorAnswer.classify(status, null).outcome(), "" + status);
        }
        assertEquals(CollectorAnswer.Outcome.TOO_LARGE, CollectorAnswer.classify(413, "5").outcome());
        assertEquals(CollectorAnswer.Outcome.OK, CollectorAnswer.classify(200, null).outcome());
        assertEquals(3000, CollectorAnswer.classify(503, "3").retryAfterMs());
    }
}
