package dev.hotpath.analyzer.diff;

import dev.hotpath.analyzer.doc.Document;
import dev.hotpath.analyzer.doc.HtmlRenderer;
import dev.hotpath.analyzer.doc.MarkdownRenderer;
import dev.hotpath.analyzer.doc.TraceLinks;
import dev.hotpath.analyzer.run.Run;
import dev.hotpath.analyzer.run.RunDirectory;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hotpath diff BEFORE AFTER}: deltas and noise-aware verdicts; Markdown to stdout, AFTER/diff.md and AFTER/diff.html. */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"Compare two run directories: per-endpoint deltas with bootstrap confidence intervals, finding status by id.",
                "Writes AFTER/diff.md and AFTER/diff.html and prints the Markdown. Exit codes: 0 compared, 2 bad arguments or unreadable input."})
public final class DiffCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "BEFORE", description = "baseline run directory")
    Path before;

    @Parameters(index = "1", paramLabel = "AFTER", description = "run directory to compare (diff.md is written here)")
    Path after;

    @Option(names = "--trace-url", paramLabel = "TEMPLATE", description = "trace viewer URL with {traceId}")
    String traceUrl;

    @Override
    public Integer call() {
        return run(before, after, traceUrl, System.out, System.err);
    }

    public static int run(Path before, Path after, String traceUrl, PrintStream out, PrintStream err) {
        for (Path p : new Path[] {before, after}) {
            if (!Files.isDirectory(p)) {
                err.println("hotpath diff: " + p + " is not a directory");
                return 2;
            }
        }
        try {
            err.println("[diff] reading " + before + " and " + after);
            Run b = RunDirectory.read(before);
            Run a = RunDirectory.read(after);
            err.println("[diff] bootstrapping percentiles (" + PercentileBootstrap.DEFAULT_RESAMPLES + " resamples per endpoint)");
            RunDiff.Result result = RunDiff.compare(b, a);
            Document doc = DiffReport.build(result, before.toString(), after.toString());
            TraceLinks links = new TraceLinks(traceUrl);
            String md = new MarkdownRenderer(links).render(doc);
            Files.writeString(after.resolve("diff.md"), md, StandardCharsets.UTF_8);
            Files.writeString(after.resolve("diff.html"), new HtmlRenderer(links).render(doc), StandardCharsets.UTF_8);
            out.print(md);
            long improved = result.endpoints().stream().filter(e -> e.verdict() == Verdict.IMPROVED).count();
            long regressed = result.endpoints().stream().filter(e -> e.verdict() == Verdict.REGRESSED
                    || e.verdict() == Verdict.ERRORS_REGRESSED).count();
            long fixed = result.findings().stream().filter(f -> f.status() == FindingStatus.FIXED).count();
            long added = result.findings().stream().filter(f -> f.status() == FindingStatus.NEW).count();
            err.printf("hotpath diff: %d endpoint(s) improved, %d regressed, %d finding(s) fixed, %d new -> %s, %s%n", improved,
                    regressed, fixed, added, after.resolve("diff.md"), after.resolve("diff.html"));
            return 0;
        } catch (Exception e) {
            err.println("hotpath diff: " + e);
            return 2;
        }
    }
}
