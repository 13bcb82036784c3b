package dev.hotpath.analyzer.slo;

/** MET: below target; BREACHED: at or above it; NO_DATA: the path had no requests in the run. */
public enum SloStatus {
    MET, BREACHED, NO_DATA
}
