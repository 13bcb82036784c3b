package dev.hotpath.agent.overload;

import dev.hotpath.agent.export.AgentCounters;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The guard samples once a second on the exporter's ticks and reports each decision in the agent counters. */
class OverloadGuardTest {
    private static final long MS = 1_000_000L;
    private final AgentCounters counters = new AgentCounters();
    private final Deque<ResourceReading> readings = new ArrayDeque<>();
    private int taken;
    private final OverloadGuard guard = new OverloadGuard(OverloadConfig.defaults(), counters, () -> {
        taken++;
        return readings.isEmpty() ? new ResourceReading(0.1, 0.1) : readings.poll();
    });

    @Test
    void decisionsAreCountedWithTheTimeShed() {
        long t = 5_000 * MS;
        for (int i = 0; i < 3; i++) {
            readings.add(new ResourceReading(0.99, 0.2));
        }
        for (int i = 0; i < 3; i++) {
            guard.sampleIfDue(t);
            t += 1000 * MS;
        }
        assertTrue(guard.shedding());
        assertEquals(1, counters.get(AgentCounters.OVERLOAD_SHED));
        for (int i = 0; i < 7; i++) {
            readings.add(new ResourceReading(0.99, 0.2)); // still overloaded for 7 more seconds
        }
        // then relief: 10 s below 80% (11 samples: the first starts the wait)
        while (guard.shedding()) {
            guard.sampleIfDue(t);
            t += 1000 * MS;
        }
        assertEquals(1, counters.get(AgentCounters.OVERLOAD_RESUMED));
        assertEquals(18_000, counters.get(AgentCounters.OVERLOAD_SHED_MS), "shed from the 3rd sample to the 21st");
        assertEquals(21, taken);
    }

    @Test
    void ticksBetweenSamplesTakeNoReading() {
        for (long ms = 0; ms < 3000; ms += 200) {
            guard.sampleIfDue(10_000 * MS + ms * MS);
        }
        assertEquals(3, taken, "one reading a second, whatever the exporter's tick");
    }

    @Test
    void aFailingReadingTurnsTheBreakerOffForGood() {
        int[] calls = {0};
        OverloadGuard broken = new OverloadGuard(OverloadConfig.defaults(), counters, () -> {
            calls[0]++;
            throw new UnsupportedOperationException("no MXBeans here");
        });
        for (int i = 0; i < 5; i++) {
            broken.sampleIfDue(i * 1000 * MS);
        }
        assertEquals(1, calls[0]);
        assertFalse(broken.shedding());
    }

    @Test
    void offNeverSheds() {
        OverloadGuard off = OverloadGuard.forJvm(new OverloadConfig(false, 0.95, 0.9, 0.8, 3, 10_000), counters);
        for (int i = 0; i < 10; i++) {
            off.sampleIfDue(i * 1000 * MS);
        }
        assertFalse(off.shedding());
        assertEquals(0, counters.get(AgentCounters.OVERLOAD_SHED));
    }

    @Test
    void theJvmReadingsAreShares() {
        OverloadGuard real = OverloadGuard.forJvm(OverloadConfig.defaults(), counters);
        real.sampleIfDue(0);
        JvmReadings jvm = new JvmReadings();
        jvm.get();
        ResourceReading r = jvm.get();
        for (double v : List.of(r.cpu(), r.heapAfterGc())) {
            assertTrue(v == ResourceReading.UNKNOWN || (v >= 0 && v <= 1), r.toString());
        }
        assertFalse(real.shedding());
    }
}
