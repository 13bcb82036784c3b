package dev.hotpath.analyzer.offline;

import dev.hotpath.analyzer.report.ReportCommand;
import dev.hotpath.analyzer.report.RunSummaryPrinter;
import dev.hotpath.collector.Collector;
import dev.hotpath.collector.CollectorConfig;
import dev.hotpath.collector.ingest.OtlpFiles;
import dev.hotpath.collector.trace.Span;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code hotpath analyze --otlp FILE... --out DIR}: data recorded elsewhere through the same collector
 * pipeline and detectors as a live run, then the report. OTLP files: captured request bodies (JSON or
 * protobuf), the OpenTelemetry Collector file exporter's JSON lines or length-prefixed protobuf, any
 * of them gzipped. A file that cannot be read is reported in one line and skipped; the exit code is 1
 * when any was.
 */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = "Analyse recorded OTLP trace files offline: findings, summary and report in a run directory.")
public final class AnalyzeCommand implements Callable<Integer> {

    @Option(names = "--otlp", arity = "1..*", required = true, description = "OTLP trace files (JSON, JSON lines, protobuf; .gz ok)")
    List<Path> otlp;

    @Option(names = "--out", required = true, description = "run directory to write")
    Path out;

    @Override
    public Integer call() {
        return run(otlp, out, System.out, System.err);
    }

    public static int run(List<Path> otlpFiles, Path out, PrintStream stdout, PrintStream stderr) {
        int failed = 0;
        long spans = 0;
        try {
            Files.createDirectories(out);
            // an ephemeral loopback port: the collector always listens, nothing is sent to it here
            try (Collector collector = Collector.start(CollectorConfig.builder(out).listen("127.0.0.1", 0).build())) {
                for (Path file : otlpFiles) {
                    try {
                        List<Span> read = OtlpFiles.read(Files.readAllBytes(file));
                        collector.acceptSpans(read);
                        spans += read.size();
                        stdout.printf("[analyze] %s: %d spans%n", file, read.size());
                    } catch (IOException | RuntimeException e) {
                        failed++;
                        stderr.println("hotpath analyze: skipping " + file + ": " + e.getMessage());
                    }
                }
                collector.flush();
            }
        } catch (IOException e) {
            stderr.println("hotpath analyze: cannot write " + out + ": " + e.getMessage());
            return 2;
        }
        stdout.println();
        int findings;
        try {
            findings = RunSummaryPrinter.print(out, stdout);
        } catch (IOException e) {
            stderr.println("hotpath analyze: cannot read the run directory " + out + ": " + e.getMessage());
            return 2;
        }
        stdout.println();
        int report = ReportCommand.run(out, null, null, stdout, stderr);
        stdout.printf("hotpath analyze: %d file(s), %d spans, %d skipped; %d finding(s); run directory %s%n",
                otlpFiles.size(), spans, failed, findings, out);
        return failed > 0 || report != 0 ? 1 : 0;
    }
}
