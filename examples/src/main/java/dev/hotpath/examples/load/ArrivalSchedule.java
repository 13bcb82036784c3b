package dev.hotpath.examples.load;

/**
 * The fixed arrival schedule of an open-model run. The rate r(t) ramps linearly from 0 to R, holds, and ramps back
 * to 0; the k-th request is due when the cumulative arrivals N(t) = integral of r reach k + 0.5, so its intended
 * start time depends only on the plan, never on how fast earlier requests completed.
 */
public final class ArrivalSchedule {
    public enum Phase { RAMP_UP, STEADY, RAMP_DOWN, DRAIN }

    private final double rate;
    private final double rampUp;
    private final double steady;
    private final double rampDown;
    private final double arrivalsInRampUp;
    private final double arrivalsBeforeRampDown;
    private final long totalArrivals;

    public ArrivalSchedule(double ratePerSecond, double rampUpSeconds, double steadySeconds, double rampDownSeconds) {
        this.rate = ratePerSecond;
        this.rampUp = rampUpSeconds;
        this.steady = steadySeconds;
        this.rampDown = rampDownSeconds;
        this.arrivalsInRampUp = rate * rampUp / 2;
        this.arrivalsBeforeRampDown = arrivalsInRampUp + rate * steady;
        this.totalArrivals = (long) Math.floor(arrivalsBeforeRampDown + rate * rampDown / 2 + 0.5);
    }

    public static ArrivalSchedule of(LoadPlan plan) {
        return new ArrivalSchedule(plan.ratePerSecond(), seconds(plan.rampUp()), seconds(plan.steady()),
                seconds(plan.rampDown()));
    }

    public long totalArrivals() {
        return totalArrivals;
    }

    public double durationSeconds() {
        return rampUp + steady + rampDown;
    }

    /** Intended start of arrival {@code k} (0-based), in nanoseconds after the start of the run. */
    public long offsetNanos(long k) {
        return Math.round(offsetSeconds(k) * 1e9);
    }

    double offsetSeconds(long k) {
        double n = k + 0.5;
        if (n <= arrivalsInRampUp) {
            return Math.sqrt(2 * rampUp * n / rate);
        }
        if (n <= arrivalsBeforeRampDown) {
            return rampUp + (n - arrivalsInRampUp) / rate;
        }
        double m = n - arrivalsBeforeRampDown;
        double root = Math.sqrt(Math.max(0, 1 - 2 * m / (rate * rampDown)));
        return rampUp + steady + rampDown * (1 - root);
    }

    public Phase phaseAt(double seconds) {
        if (seconds < rampUp) {
            return Phase.RAMP_UP;
        }
        if (seconds < rampUp + steady) {
            return Phase.STEADY;
        }
        if (seconds < rampUp + steady + rampDown) {
            return Phase.RAMP_DOWN;
        }
        return Phase.DRAIN;
    }

    /** The target arrival rate at a moment of the run, in requests per second. */
    public double rateAt(double seconds) {
        switch (phaseAt(seconds)) {
            case RAMP_UP: return rate * seconds / rampUp;
            case STEADY: return rate;
            case RAMP_DOWN: return rate * (1 - (seconds - rampUp - steady) / rampDown);
            default: return 0;
        }
    }

    private static double seconds(java.time.Duration d) {
        return d.toNanos() / 1e9;
    }
}
