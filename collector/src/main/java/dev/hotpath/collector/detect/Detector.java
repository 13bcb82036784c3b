package dev.hotpath.collector.detect;

import dev.hotpath.collector.findings.Finding;
import dev.hotpath.collector.trace.Trace;
import java.util.List;
import java.util.Set;

/**
 * One detector, one kind of bottleneck. It declares the signals it needs, folds each completed
 * trace into its own bounded state ({@link #onTrace}), and turns that state plus the run's
 * statistics into findings ({@link #findings}). Implementations must be thread-safe: traces arrive
 * on ingest threads while a flush asks for findings.
 */
public interface Detector {

    /** The finding kind this detector produces, e.g. {@code n_plus_one}. */
    String kind();

    Set<Signal> needs();

    /** Called once for every completed trace. */
    void onTrace(Trace trace);

    /** Current findings over everything seen so far (idempotent: may be called on every flush). */
    List<Finding> findings(DetectionContext context);
}
