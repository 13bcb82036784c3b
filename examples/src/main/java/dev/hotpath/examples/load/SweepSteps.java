package dev.hotpath.examples.load;

import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Client-observed latency per step of a concurrency sweep, per endpoint: each request counts in the
 * step of its intended start (so a request sent in step 2 and answered in step 3 is a step-2 latency).
 */
final class SweepSteps {
    private final ArrivalSchedule schedule;
    private final Map<Integer, Map<Endpoint, Cell>> cells = new TreeMap<>();

    SweepSteps(ArrivalSchedule schedule) {
        this.schedule = schedule;
    }

    /** @param intendedSeconds the request's intended start, seconds after the run's start */
    synchronized void record(double intendedSeconds, Endpoint endpoint, long latencyMicros, boolean error) {
        int step = schedule.steps() > 1 ? schedule.stepAt(intendedSeconds) : 0;
        if (step == 0) {
            return; // ramps and single-rate runs have no steps
        }
        Cell c = cells.computeIfAbsent(step, s -> new EnumMap<>(Endpoint.class)).computeIfAbsent(endpoint, e -> new Cell());
        c.latency.recordValue(Math.max(0, Math.min(latencyMicros, EndpointStats.HIGHEST_TRACKABLE_MICROS)));
        c.errors += error ? 1 : 0;
    }

    synchronized List<StepResult> results(double rate) {
        List<StepResult> out = new ArrayList<>();
        for (Map.Entry<Integer, Map<Endpoint, Cell>> step : cells.entrySet()) {
            List<StepResult.EndpointStep> endpoints = new ArrayList<>();
            for (Map.Entry<Endpoint, Cell> e : step.getValue().entrySet()) {
                Histogram h = e.getValue().latency;
                endpoints.add(new StepResult.EndpointStep(e.getKey().method(), e.getKey().route(), h.getTotalCount(),
                        e.getValue().errors, h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(95) / 1000.0,
                        h.getValueAtPercentile(99) / 1000.0));
            }
            out.add(new StepResult(step.getKey(), rate * step.getKey() / schedule.steps(), endpoints));
        }
        return out;
    }

    private static final class Cell {
        final Histogram latency = new Histogram(EndpointStats.HIGHEST_TRACKABLE_MICROS, 3);
        long errors;
    }
}
