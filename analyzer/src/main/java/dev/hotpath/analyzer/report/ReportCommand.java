package dev.hotpath.analyzer.report;

import dev.hotpath.analyzer.analysis.RunAnalysis;
import dev.hotpath.analyzer.doc.TraceLinks;
import dev.hotpath.analyzer.run.Run;
import dev.hotpath.analyzer.run.RunDirectory;
import dev.hotpath.analyzer.sections.ReportContext;
import dev.hotpath.analyzer.slo.SloTargets;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hotpath report DIR}: the playbook report of a run directory, as report.md and report.html. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Write DIR/report.md and DIR/report.html: the playbook's eight sections computed from the run directory.",
                "Exit codes: 0 written, 2 bad arguments or unreadable run directory."})
public final class ReportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "run directory written by the collector")
    Path dir;

    @Option(names = "--slo", paramLabel = "SPEC", description = "objectives, e.g. submit.p95=300ms,access.p95=500ms,error.rate=0.5% "
            + "(keys: submit|access.p50|p95|p99, [submit.|access.]error.rate); unnamed objectives keep the playbook defaults")
    String slo;

    @Option(names = "--trace-url", paramLabel = "TEMPLATE", description = "trace viewer URL with {traceId}, e.g. http://jaeger:16686/trace/{traceId}")
    String traceUrl;

    @Override
    public Integer call() {
        return run(dir, slo, traceUrl, System.out, System.err);
    }

    /** Shared with the demo. Returns the exit code. */
    public static int run(Path dir, String slo, String traceUrl, PrintStream out, PrintStream err) {
        SloTargets targets;
        try {
            targets = SloTargets.parse(slo);
        } catch (IllegalArgumentException e) {
            err.println("hotpath report: " + e.getMessage());
            return 2;
        }
        if (!Files.isDirectory(dir)) {
            err.println("hotpath report: " + dir + " is not a directory");
            return 2;
        }
        try {
            out.println("[report] reading " + dir);
            Run run = RunDirectory.read(dir);
            out.printf("[report] %d endpoints, %d findings, %d kept traces%s%n", run.endpoints().size(), run.findings().size(),
                    run.traces().size(), run.malformedLines() > 0 ? ", " + run.malformedLines() + " unreadable line(s) skipped" : "");
            RunAnalysis analysis = RunAnalysis.of(run, targets);
            out.println("[report] writing report.md and report.html");
            ReportWriter.Written w = ReportWriter.write(dir, analysis, new ReportContext(dir.toString(), slo), new TraceLinks(traceUrl));
            out.printf("hotpath report: %d of %d SLO objectives breached, %d finding(s), %d hypotheses -> %s, %s%n",
                    analysis.breachedCount(), analysis.slo().size(), run.findings().size(), analysis.hypotheses().size(),
                    w.markdown(), w.html());
            return 0;
        } catch (Exception e) {
            err.println("hotpath report: cannot read " + dir + ": " + e);
            if (Boolean.getBoolean("hotpath.debug")) {
                e.printStackTrace(err);
            }
            return 2;
        }
    }
}
