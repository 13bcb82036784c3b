package dev.hotpath.analyzer.analysis;

import dev.hotpath.analyzer.run.Run;
import dev.hotpath.analyzer.slo.SloEvaluator;
import dev.hotpath.analyzer.slo.SloResult;
import dev.hotpath.analyzer.slo.SloStatus;
import dev.hotpath.analyzer.slo.SloTargets;
import java.util.List;

/** Everything the report says, computed once from a run: renderers only format these numbers. */
public record RunAnalysis(Run run, SloTargets targets, List<SloResult> slo, List<EndpointTimeLost> timeLost,
                          List<EndpointBreakdown> breakdowns, QueryUsage queryUsage, List<Hypothesis> hypotheses,
                          List<Gap> gaps) {

    public static RunAnalysis of(Run run, SloTargets targets) {
        List<EndpointTimeLost> ranking = TimeLostRanking.rank(run.endpoints());
        List<EndpointBreakdown> breakdowns = TimeBreakdown.compute(run);
        QueryUsage usage = QueryUsage.of(run);
        return new RunAnalysis(run, targets, SloEvaluator.evaluate(run.endpoints(), targets), ranking, breakdowns, usage,
                HypothesisRanker.rank(run, ranking, breakdowns, usage), InstrumentationGaps.compute(run));
    }

    public long breachedCount() {
        return slo.stream().filter(r -> r.status() == SloStatus.BREACHED).count();
    }
}
