package dev.hotpath.analyzer.analysis;

import dev.hotpath.analyzer.run.Finding;
import dev.hotpath.analyzer.run.Run;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Ranks hypotheses: detector findings first, by score (they carry a measured signature), then the
 * analyzer's candidates by the time they could explain. At most {@value #MAX} in total.
 */
public final class HypothesisRanker {
    static final int MAX = 8;

    private HypothesisRanker() {
    }

    public static List<Hypothesis> rank(Run run, List<EndpointTimeLost> ranking, List<EndpointBreakdown> breakdowns,
                                        QueryUsage usage) {
        List<Hypothesis> out = new ArrayList<>();
        Set<String> fingerprints = new HashSet<>();
        Set<String> endpoints = new HashSet<>();
        for (Finding f : run.findings()) {
            out.add(FindingHypothesis.of(f, run));
            if (f.fingerprint() != null) {
                fingerprints.add(f.fingerprint());
            }
            endpoints.add(f.endpointName());
        }
        List<Hypothesis> candidates = new ArrayList<>();
        HotQueryCandidate.of(run, usage, fingerprints).ifPresent(candidates::add);
        PoolWaitCandidate.of(breakdowns, ranking, poolFindingEndpoints(run)).ifPresent(candidates::add);
        UnattributedTimeCandidate.of(ranking, breakdowns, endpoints, !run.jfrFiles().isEmpty()).ifPresent(candidates::add);
        TailLatencyCandidate.of(run).ifPresent(candidates::add);
        candidates.sort(Comparator.comparingDouble(Hypothesis::impactMs).reversed().thenComparing(Hypothesis::key));
        out.addAll(candidates);
        return out.size() > MAX ? List.copyOf(out.subList(0, MAX)) : List.copyOf(out);
    }

    /** Endpoints a pool-exhaustion finding already explains: no analyzer pool candidate for them. */
    private static Set<String> poolFindingEndpoints(Run run) {
        Set<String> out = new HashSet<>();
        for (Finding f : run.findings()) {
            if ("pool_exhaustion".equals(f.kind())) {
                out.add(f.endpointName());
                f.evidence().path("endpoints").forEach(e -> out.add(e.path("method").asText() + " " + e.path("route").asText()));
            }
        }
        return out;
    }
}
