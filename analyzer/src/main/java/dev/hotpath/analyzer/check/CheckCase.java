package dev.hotpath.analyzer.check;

/**
 * One JUnit testcase: an SLO objective or a finding. {@code skipped}: nothing to judge (no traffic on
 * the path, or a finding below the fail-on severity is reported as passed, not skipped).
 */
public record CheckCase(String suite, String name, boolean failed, boolean skipped, String message, String details) {
}
