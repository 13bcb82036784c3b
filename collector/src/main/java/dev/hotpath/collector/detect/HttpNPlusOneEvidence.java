package dev.hotpath.collector.detect;

/** Kind-specific evidence of an N+1-over-HTTP finding. Times in milliseconds. */
public record HttpNPlusOneEvidence(DependencyRoute dependency, NPlusOneEvidence.RepeatsPerRequest repeatsPerRequest,
                                   NPlusOneEvidence.UnionMs unionMs, boolean sequential, String parentSpanName) {
}
