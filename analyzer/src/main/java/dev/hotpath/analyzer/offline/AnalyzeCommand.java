package dev.hotpath.analyzer.offline;

import dev.hotpath.analyzer.report.ReportCommand;
import dev.hotpath.analyzer.report.RunSummaryPrinter;
import dev.hotpath.collector.Collector;
import dev.hotpath.collector.CollectorConfig;
import dev.hotpath.collector.ingest.OtlpFiles;
import dev.hotpath.collector.jfr.ChunkMeta;
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
 * {@code hotpath analyze --otlp FILE... --jfr FILE... --out DIR}: data recorded elsewhere through the same collector
 * pipeline and detectors as a live run, then the report. OTLP files: captured request bodies (JSON or
 * protobuf), the OpenTelemetry Collector file exporter's JSON lines or length-prefixed protobuf, any
 * of them gzipped. JFR files: the agent's chunks (with request events: every JFR detector) or any recording
 * such as {@code jcmd <pid> JFR.dump} (without them: JVM-wide GC pauses and CPU hot methods in summary.json
 * {@code jfr.jvm}, no per-endpoint claim); each file is taken as one JVM (instance = its file name). A file that
 * cannot be read is reported in one line and skipped; the exit code is 1 when any was.
 */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = "Analyse recorded OTLP trace files and JFR recordings offline: findings, summary and report in a run directory.")
public final class AnalyzeCommand implements Callable<Integer> {

    @Option(names = "--otlp", arity = "1..*", description = "OTLP trace files (JSON, JSON lines, protobuf; .gz ok)")
    List<Path> otlp = List.of();

    @Option(names = "--jfr", arity = "1..*", description = "JFR recordings (the agent's chunks, or jcmd JFR.dump files)")
    List<Path> jfr = List.of();

    @Option(names = "--service", description = "service name for JFR files (default: ${DEFAULT-VALUE})")
    String service = "unknown_service:java";

    @Option(names = "--out", required = true, description = "run directory to write")
    Path out;

    @Override
    public Integer call() {
        return run(otlp, jfr, service, out, System.out, System.err);
    }

    public static int run(List<Path> otlpFiles, Path out, PrintStream stdout, PrintStream stderr) {
        return run(otlpFiles, List.of(), "unknown_service:java", out, stdout, stderr);
    }

    public static int run(List<Path> otlpFiles, List<Path> jfrFiles, String service, Path out, PrintStream stdout, PrintStream stderr) {
        if (otlpFiles.isEmpty() && jfrFiles.isEmpty()) {
            stderr.println("hotpath analyze: give --otlp FILE... and/or --jfr FILE...");
            return 2;
        }
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
                for (Path file : jfrFiles) {
                    try {
                        collector.acceptJfr(new ChunkMeta(service, file.getFileName().toString(), "continuous", null, null),
                                Files.readAllBytes(file));
                        stdout.printf("[analyze] %s: JFR recording%n", file);
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
        stdout.printf("hotpath analyze: %d file(s), %d spans, %d JFR file(s), %d skipped; %d finding(s); run directory %s%n",
                otlpFiles.size() + jfrFiles.size(), spans, jfrFiles.size(), failed, findings, out);
        return failed > 0 || report != 0 ? 1 : 0;
    }
}
