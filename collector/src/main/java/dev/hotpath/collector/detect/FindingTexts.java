package dev.hotpath.collector.detect;

import dev.hotpath.collector.findings.ConfidenceLevel;
import dev.hotpath.collector.findings.Finding;
import dev.hotpath.collector.findings.Severity;
import dev.hotpath.collector.findings.StableId;
import dev.hotpath.collector.trace.Endpoint;
import java.util.List;

/** The words of one finding, as a detector's texts class produces them; assembled into a {@link Finding} here. */
record FindingTexts(String title, String summary, String confidenceRationale, String hypothesis, List<String> validation,
                    Finding.Fix fix, Finding.Verification verification) {

    /** The numbers of a finding, whatever its kind. */
    record Measured(String service, Endpoint endpoint, int score, ConfidenceLevel level, Double spearmanRho,
                    Finding.Window window, Finding.Impact impact, List<String> exemplars,
                    List<Finding.CodePointer> codePointers) {
    }

    /** The id hashes kind, service, method, route and {@code key}: the same bottleneck, the same id in every run. */
    Finding toFinding(String kind, String key, Measured m, Object evidence) {
        Endpoint e = m.endpoint();
        return new Finding(Finding.SCHEMA_VERSION, StableId.of(kind, m.service(), e.method(), e.route(), key), kind,
                title, summary, Severity.ofScore(m.score()), m.score(),
                new Finding.Confidence(m.level(), confidenceRationale, m.spearmanRho()), m.service(),
                new Finding.EndpointRef(e.method(), e.route(), e.path()), m.window(), m.impact(), evidence, m.exemplars(),
                m.codePointers(), hypothesis, validation, fix, verification, null);
    }
}
