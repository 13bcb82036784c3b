package dev.hotpath.examples.load;

import java.util.ArrayList;
import java.util.List;

/**
 * The fixed arrival schedule of an open-model run. The rate r(t) ramps linearly from 0 to the first
 * level, holds, and ramps back to 0. With {@code steps} > 1 the hold is a concurrency sweep: equal
 * steps at R/steps, 2R/steps, ... R, so the service's latency can be related to its concurrency. The
 * k-th request is due when the cumulative arrivals N(t) = integral of r reach k + 0.5, so its intended
 * start time depends only on the plan, never on how fast earlier requests completed.
 */
public final class ArrivalSchedule {
    public enum Phase { RAMP_UP, STEADY, RAMP_DOWN, DRAIN }

    /** A piece of the schedule where the rate moves linearly from {@code fromRate} to {@code toRate}. */
    private record Segment(Phase phase, int step, double start, double duration, double fromRate, double toRate,
                           double arrivalsBefore) {
        double arrivals() {
            return (fromRate + toRate) / 2 * duration;
        }

        double rateAt(double t) {
            return duration <= 0 ? toRate : fromRate + (toRate - fromRate) * (t - start) / duration;
        }

        /** Seconds into the segment at which {@code n} arrivals (counted from its start) have accumulated. */
        double timeFor(double n) {
            double slope = duration <= 0 ? 0 : (toRate - fromRate) / duration;
            if (Math.abs(slope) < 1e-12) {
                return n / fromRate;
            }
            double disc = Math.max(0, fromRate * fromRate + 2 * slope * n);
            return (-fromRate + Math.sqrt(disc)) / slope;
        }
    }

    private final List<Segment> segments = new ArrayList<>();
    private final double duration;
    private final int steps;
    private final long totalArrivals;

    public ArrivalSchedule(double ratePerSecond, double rampUpSeconds, double steadySeconds, double rampDownSeconds) {
        this(ratePerSecond, rampUpSeconds, steadySeconds, rampDownSeconds, 1);
    }

    public ArrivalSchedule(double ratePerSecond, double rampUpSeconds, double steadySeconds, double rampDownSeconds,
                           int steps) {
        this.steps = Math.max(1, steps);
        double first = ratePerSecond / this.steps;
        double t = add(Phase.RAMP_UP, 0, 0, rampUpSeconds, 0, first);
        for (int s = 1; s <= this.steps; s++) {
            double level = ratePerSecond * s / this.steps;
            t = add(Phase.STEADY, s, t, steadySeconds / this.steps, level, level);
        }
        this.duration = add(Phase.RAMP_DOWN, 0, t, rampDownSeconds, ratePerSecond, 0);
        Segment last = segments.get(segments.size() - 1);
        this.totalArrivals = (long) Math.floor(last.arrivalsBefore() + last.arrivals() + 0.5);
    }

    public static ArrivalSchedule of(LoadPlan plan) {
        return new ArrivalSchedule(plan.ratePerSecond(), seconds(plan.rampUp()), seconds(plan.steady()),
                seconds(plan.rampDown()), plan.steps());
    }

    private double add(Phase phase, int step, double start, double length, double from, double to) {
        double before = segments.isEmpty() ? 0 : segments.get(segments.size() - 1).arrivalsBefore()
                + segments.get(segments.size() - 1).arrivals();
        segments.add(new Segment(phase, step, start, length, from, to, before));
        return start + length;
    }

    public long totalArrivals() {
        return totalArrivals;
    }

    public double durationSeconds() {
        return duration;
    }

    /** Intended start of arrival {@code k} (0-based), in nanoseconds after the start of the run. */
    public long offsetNanos(long k) {
        return Math.round(offsetSeconds(k) * 1e9);
    }

    double offsetSeconds(long k) {
        double n = k + 0.5;
        for (Segment s : segments) {
            if (s.arrivals() > 0 && n <= s.arrivalsBefore() + s.arrivals()) {
                return s.start() + Math.min(s.duration(), s.timeFor(n - s.arrivalsBefore()));
            }
        }
        return duration;
    }

    public Phase phaseAt(double seconds) {
        Segment s = segmentAt(seconds);
        return s == null ? Phase.DRAIN : s.phase();
    }

    /** The sweep step (1..steps) at a moment of the steady phase; 0 outside it. */
    public int stepAt(double seconds) {
        Segment s = segmentAt(seconds);
        return s == null ? 0 : s.step();
    }

    public int steps() {
        return steps;
    }

    /** The target arrival rate at a moment of the run, in requests per second. */
    public double rateAt(double seconds) {
        Segment s = segmentAt(seconds);
        return s == null ? 0 : s.rateAt(seconds);
    }

    private Segment segmentAt(double seconds) {
        for (Segment s : segments) {
            if (seconds >= s.start() && seconds < s.start() + s.duration()) {
                return s;
            }
        }
        return null;
    }

    private static double seconds(java.time.Duration d) {
        return d.toNanos() / 1e9;
    }
}
