package dev.hotpath.agent.overload;

import org.junit.jupiter.api.Test;

import static dev.hotpath.agent.overload.OverloadBreaker.Decision.NONE;
import static dev.hotpath.agent.overload.OverloadBreaker.Decision.RESUME;
import static dev.hotpath.agent.overload.OverloadBreaker.Decision.SHED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The breaker's decisions on a fake clock (one sample a second unless said otherwise) and fake readings. */
class OverloadBreakerTest {
    private static final long SECOND = 1_000_000_000L;
    private final OverloadBreaker breaker = new OverloadBreaker(OverloadConfig.defaults()); // 95% / 90% over 3 s, 80% for 10 s
    private long now;

    private OverloadBreaker.Decision sample(double cpu, double heap) {
        now += SECOND;
        return breaker.onSample(now, new ResourceReading(cpu, heap));
    }

    @Test
    void shedsOnceCpuAveragesAboveTheThresholdOverTheWindow() {
        assertEquals(NONE, sample(0.97, 0.1));
        assertEquals(NONE, sample(0.99, 0.1));
        assertFalse(breaker.shedding(), "two seconds do not fill the 3 s window");
        assertEquals(SHED, sample(0.93, 0.1)); // (0.97 + 0.99 + 0.93) / 3 = 0.963
        assertTrue(breaker.shedding());
        assertTrue(breaker.cause().contains("process CPU 96% >= 95% on average over the last 3.0 s"), breaker.cause());
    }

    @Test
    void aCoolSecondKeepsTheAverageDownUntilItLeavesTheWindow() {
        sample(0.99, 0);
        sample(0.99, 0);
        assertEquals(NONE, sample(0.5, 0)); // 0.83
        assertEquals(NONE, sample(0.99, 0));
        assertEquals(NONE, sample(0.99, 0)); // the cool second is still inside the last 3 s
        assertEquals(SHED, sample(0.99, 0));
    }

    @Test
    void aLateReadingThatCoversTheWholeWindowShedsAtOnce() {
        sample(0.1, 0);
        sample(0.1, 0);
        // the exporter thread was starved (or stuck in a network call) for 6 s; the reading covers them all
        now += 5 * SECOND;
        assertEquals(SHED, sample(0.99, 0));
        assertTrue(breaker.cause().contains("over the last 6.0 s"), breaker.cause());
    }

    @Test
    void aLongCoolIntervalLeavesTheWindowByTheTimeItCovers() {
        sample(0.1, 0);
        now += 9 * SECOND;
        assertEquals(NONE, sample(0.1, 0)); // 10 s cool
        assertEquals(NONE, sample(1, 0));
        assertEquals(NONE, sample(1, 0)); // (10 x 0.1 + 2 x 1) / 12
        assertEquals(SHED, sample(1, 0)); // the 10 s cool interval has left the window
    }

    @Test
    void shedsOnHeapAfterGcAlone() {
        sample(0.1, 0.91);
        sample(0.1, 0.92);
        assertEquals(SHED, sample(0.1, 0.93));
        assertTrue(breaker.cause().startsWith("heap after GC 92% >= 90%"), breaker.cause());
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
