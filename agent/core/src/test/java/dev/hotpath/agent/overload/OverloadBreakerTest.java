package dev.hotpath.agent.overload;

import org.junit.jupiter.api.Test;

import static dev.hotpath.agent.overload.OverloadBreaker.Decision.NONE;
import static dev.hotpath.agent.overload.OverloadBreaker.Decision.RESUME;
import static dev.hotpath.agent.overload.OverloadBreaker.Decision.SHED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The breaker's decisions on a fake clock (one sample a second) and fake readings. */
class OverloadBreakerTest {
    private static final long SECOND = 1_000_000_000L;
    private final OverloadBreaker breaker = new OverloadBreaker(OverloadConfig.defaults()); // 95% / 90%, 3 samples, 80% for 10 s
    private long now;

    private OverloadBreaker.Decision sample(double cpu, double heap) {
        return sampleAfter(SECOND, cpu, heap);
    }

    private OverloadBreaker.Decision sampleAfter(long nanos, double cpu, double heap) {
        now += nanos;
        return breaker.onSample(now, new ResourceReading(cpu, heap));
    }

    @Test
    void shedsAfterThreeConsecutiveHotCpuSamples() {
        assertEquals(NONE, sample(0.97, 0.1));
        assertEquals(NONE, sample(0.99, 0.1));
        assertFalse(breaker.shedding());
        assertEquals(SHED, sample(0.95, 0.1));
        assertTrue(breaker.shedding());
        assertTrue(breaker.cause().contains("process CPU 95% >= 95% for 3.0 s"), breaker.cause());
    }

    @Test
    void aLateReadingCountsForTheSecondsItCovers() {
        // the breaker's thread was starved of CPU for 4 s: its reading is the average over them
        assertEquals(NONE, sample(0.99, 0.1));
        assertEquals(SHED, sampleAfter(4 * SECOND, 0.97, 0.1));
        assertTrue(breaker.cause().contains("for 5.0 s"), breaker.cause());
    }

    @Test
    void aLateCoolReadingStillRestartsTheCount() {
        sample(0.99, 0);
        sample(0.99, 0);
        assertEquals(NONE, sampleAfter(5 * SECOND, 0.5, 0));
        assertEquals(NONE, sample(0.99, 0));
        assertEquals(NONE, sample(0.99, 0));
        assertEquals(SHED, sample(0.99, 0));
    }

    @Test
    void readingsCloserThanASecondDoNotShedSooner() {
        for (int i = 0; i < 4; i++) {
            assertEquals(NONE, sampleAfter(SECOND / 2, 0.99, 0)); // hot for 1 s (the first reading counts one interval), 1.5, 2.0, 2.5 s
        }
        assertEquals(SHED, sampleAfter(SECOND / 2, 0.99, 0)); // 1 + 4 x 0.5 = 3 s
    }

    @Test
    void aCoolSampleRestartsTheCount() {
        sample(0.99, 0);
        sample(0.99, 0);
        assertEquals(NONE, sample(0.94, 0));
        sample(0.99, 0);
        assertEquals(NONE, sample(0.99, 0));
        assertEquals(SHED, sample(0.99, 0));
    }

    @Test
    void shedsOnHeapAfterGcAlone() {
        sample(0.1, 0.91);
        sample(0.1, 0.92);
        assertEquals(SHED, sample(0.1, 0.95));
        assertTrue(breaker.cause().startsWith("heap after GC 95% >= 90%"), breaker.cause());
    }

    @Test
    void unknownReadingsNeverTrip() {
        for (int i = 0; i < 20; i++) {
            assertEquals(NONE, sample(ResourceReading.UNKNOWN, ResourceReading.UNKNOWN));
        }
    }

    @Test
    void resumesOnlyAfterTenSecondsBelowTheResumeThreshold() {
        shed();
        // between the thresholds (hysteresis): still shedding, however long
        for (int i = 0; i < 30; i++) {
            assertEquals(NONE, sample(0.85, 0.1));
        }
        assertTrue(breaker.shedding());
        assertEquals(NONE, sample(0.5, 0.1)); // relief starts at t
        for (int i = 1; i < 10; i++) {
            assertEquals(NONE, sample(0.5, 0.1), "t+" + i + " s");
        }
        assertEquals(RESUME, sample(0.5, 0.1)); // t+10 s
        assertFalse(breaker.shedding());
    }

    @Test
    void aHotSampleDuringReliefRestartsTheWait() {
        shed();
        for (int i = 0; i < 8; i++) {
            sample(0.3, 0.1);
        }
        assertEquals(NONE, sample(0.3, 0.85)); // heap back above 80%: relief interrupted
        for (int i = 0; i < 10; i++) {
            assertEquals(NONE, sample(0.3, 0.1));
        }
        assertEquals(RESUME, sample(0.3, 0.1));
    }

    @Test
    void shedsAgainAfterResumingWhenLoadReturns() {
        shed();
        for (int i = 0; i < 11; i++) {
            sample(0.1, 0.1);
        }
        assertFalse(breaker.shedding());
        assertEquals(NONE, sample(0.99, 0.1));
        assertEquals(NONE, sample(0.99, 0.1));
        assertEquals(SHED, sample(0.99, 0.1));
    }

    private void shed() {
        sample(1, 0);
        sample(1, 0);
        assertEquals(SHED, sample(1, 0));
    }
}
