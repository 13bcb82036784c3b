package dev.hotpath.analyzer.check;

import dev.hotpath.analyzer.run.Run;
import dev.hotpath.analyzer.run.RunDirectory;
import dev.hotpath.analyzer.run.Severity;
import dev.hotpath.analyzer.slo.SloTargets;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hotpath check DIR}: exit code for CI, and DIR/check.xml (JUnit XML). */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"CI gate: fail on SLO breaches and on findings at or above a severity; writes DIR/check.xml (JUnit XML).",
                "Exit codes: 0 passed, 1 failed, 2 bad arguments or unreadable run directory."})
public final class CheckCommand implements Callable<Integer> {
    public static final String FILE_NAME = "check.xml";

    @Parameters(index = "0", paramLabel = "DIR", description = "run directory written by the collector")
    Path dir;

    @Option(names = "--slo", paramLabel = "SPEC", description = "objectives, e.g. submit.p95=300ms,access.p95=500ms,error.rate=0.5%; "
            + "unnamed objectives keep the playbook defaults (submit p95 < 500 ms, access p95 < 800 ms, error rate < 0.1%)")
    String slo;

    @Option(names = "--fail-on", paramLabel = "SEVERITY", defaultValue = "high",
            description = "fail on findings at or above: info, low, medium, high, critical (default: ${DEFAULT-VALUE})")
    String failOn;

    @Option(names = "--junit", paramLabel = "FILE", description = "where to write the JUnit XML (default: DIR/check.xml)")
    Path junit;

    @Override
    public Integer call() {
        return run(dir, slo, failOn, junit, System.out, System.err);
    }

    public static int run(Path dir, String slo, String failOn, Path junit, PrintStream out, PrintStream err) {
        SloTargets targets;
        Severity threshold;
        try {
            targets = SloTargets.parse(slo);
            threshold = Severity.parse(failOn);
        } catch (IllegalArgumentException e) {
            err.println("hotpath check: " + e.getMessage());
            return 2;
        }
        if (!Files.isDirectory(dir)) {
            err.println("hotpath check: " + dir + " is not a directory");
            return 2;
        }
        try {
            Run run = RunDirectory.read(dir);
            if (!run.hasSummary()) {
                err.println("hotpath check: no summary.json in " + dir + ": nothing to judge (did the collector receive anything?)");
                return 2;
            }
            CheckResult result = CheckEvaluator.evaluate(run, targets, threshold);
            Path xml = junit != null ? junit : dir.resolve(FILE_NAME);
            JUnitXmlWriter.write(result, xml);
            for (CheckCase c : result.cases()) {
                if (c.failed()) {
                    out.println("FAIL " + (c.suite().equals(CheckEvaluator.SLO_SUITE) ? "slo " : "finding ") + c.message());
                }
            }
            out.printf("hotpath check: %s: %d of %d SLO objectives breached, %d of %d finding(s) at or above %s; JUnit XML %s%n",
                    result.exitCode() == 0 ? "passed" : "FAILED", result.sloBreaches(), result.sloJudged(), result.findingFailures(),
                    result.findings(), threshold.wireName(), xml);
            return result.exitCode();
        } catch (Exception e) {
            err.println("hotpath check: cannot read " + dir + ": " + e);
            return 2;
        }
    }
}
