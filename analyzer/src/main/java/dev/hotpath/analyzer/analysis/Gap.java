package dev.hotpath.analyzer.analysis;

/**
 * One instrumentation gap found in the run: what is missing or lost (with the number that shows it)
 * and what to add. {@code gap} false marks a check that passed (reported so readers see it was checked).
 */
public record Gap(String area, String observed, String recommendation, boolean gap) {
}
