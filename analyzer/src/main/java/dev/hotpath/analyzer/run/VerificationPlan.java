package dev.hotpath.analyzer.run;

/** How to prove a fix worked: the metric, its value now, the target, and the procedure. */
public record VerificationPlan(String metric, String current, String target, String how) {
}
