package dev.hotpath.analyzer.analysis;

import dev.hotpath.analyzer.run.CodePointer;
import dev.hotpath.analyzer.run.FixStep;
import dev.hotpath.analyzer.run.VerificationPlan;
import java.util.List;

/**
 * One ranked bottleneck hypothesis: from a detector finding (its texts come from the collector) or an
 * analyzer candidate built from the run's numbers (weaker: no detector signature). Texts use inline
 * Markdown (backticks for code); bare 32-hex trace ids become links where a trace viewer is configured.
 *
 * @param source       "finding <id>" or "candidate"
 * @param impactMs     time attributable to it over the run (ranking among candidates)
 * @param statementSql the SQL to EXPLAIN, when the hypothesis is about a query
 */
public record Hypothesis(String key, String kind, String title, String statement, String endpoint, String severity,
                         Integer score, String confidence, String confidenceRationale, List<String> evidence,
                         List<String> traceIds, List<CodePointer> code, String fingerprint, String statementSql,
                         List<String> validation, FixStep quick, FixStep medium, FixStep longTerm,
                         VerificationPlan verification, String source, double impactMs) {
}
