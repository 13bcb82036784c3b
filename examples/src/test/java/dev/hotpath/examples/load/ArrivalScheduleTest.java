package dev.hotpath.examples.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The open-model schedule: arrivals are the integral of the rate, also across the steps of a sweep. */
class ArrivalScheduleTest {

    @Test
    void steadyScheduleHasTheIntegralOfItsRateAsArrivals() {
        ArrivalSchedule s = new ArrivalSchedule(40, 5, 20, 5);
        assertEquals(40 * 2.5 + 40 * 20 + 40 * 2.5, s.totalArrivals());
        assertEquals(30.0, s.durationSeconds(), 1e-9);
        assertEquals(40.0, s.rateAt(10), 1e-9);
        assertEquals(20.0, s.rateAt(2.5), 1e-9);
        // the first arrival of the steady phase is due when 100.5 arrivals have accumulated: 5 s + 0.5 / 40
        assertEquals(5 + 0.5 / 40, s.offsetSeconds(100), 1e-9);
    }

    @Test
    void sweepHoldsEqualStepsOfRisingRate() {
        ArrivalSchedule s = new ArrivalSchedule(40, 5, 20, 5, 4);
        // ramp 0 -> 10 over 5 s (25), steps of 5 s at 10, 20, 30, 40 (500), ramp 40 -> 0 over 5 s (100)
        assertEquals(625, s.totalArrivals());
        assertEquals(4, s.steps());
        for (int step = 1; step <= 4; step++) {
            double mid = 5 + 5 * (step - 1) + 2.5;
            assertEquals(step, s.stepAt(mid));
            assertEquals(10.0 * step, s.rateAt(mid), 1e-9);
        }
        assertEquals(0, s.stepAt(2));
        // arrivals 25..74 fall in step 1 (10/s from 5 s), 75..174 in step 2 (20/s from 10 s)
        assertEquals(5 + 0.5 / 10, s.offsetSeconds(25), 1e-9);
        assertEquals(10 + 0.5 / 20, s.offsetSeconds(75), 1e-9);
        double previous = -1;
        for (long k = 0; k < s.totalArrivals(); k++) {
            double t = s.offsetSeconds(k);
            assertTrue(t > previous && t <= s.durationSeconds(), "arrival " + k + " at " + t);
            previous = t;
        }
    }
}
