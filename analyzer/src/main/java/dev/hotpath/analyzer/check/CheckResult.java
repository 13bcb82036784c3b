package dev.hotpath.analyzer.check;

import java.util.List;

/** All testcases of one check, and the exit code they imply: 0 nothing failed, 1 something did. */
public record CheckResult(List<CheckCase> cases, long sloBreaches, long sloJudged, long findingFailures, long findings) {
    public int exitCode() {
        return failures() > 0 ? 1 : 0;
    }

    public long failures() {
        return cases.stream().filter(CheckCase::failed).count();
    }
}
