package dev.hotpath.analyzer.run;

/** One horizon of a fix plan: what to do, what can go wrong, how to undo it. */
public record FixStep(String action, String risk, String rollback) {
}
