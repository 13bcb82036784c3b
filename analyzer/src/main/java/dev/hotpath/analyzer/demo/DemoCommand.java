package dev.hotpath.analyzer.demo;

import dev.hotpath.analyzer.report.ReportCommand;
import dev.hotpath.analyzer.report.RunSummaryPrinter;
import dev.hotpath.collector.Collector;
import dev.hotpath.collector.CollectorConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code hotpath demo}: the example shop with the agent, an embedded collector, a fixed-rate load
 * from a separate JVM, then the findings. Everything on loopback; everything stops by itself.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the example shop with the agent under load and show what hotpath finds.")
public final class DemoCommand implements Callable<Integer> {
    private static final List<String> RUN_FILES = List.of("findings.jsonl", "summary.json", "traces.jsonl", "load.json", "service.log",
            "pricing.log", "report.md", "report.html");

    @Option(names = "--out", defaultValue = "runs/demo", description = "run directory (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--rate", defaultValue = "80", description = "requests per second at the top step of the sweep (default: ${DEFAULT-VALUE})")
    int rate;

    @Option(names = "--steady", defaultValue = "32", description = "seconds of the sweep (default: ${DEFAULT-VALUE}); 4 s ramps before and after")
    int steady;

    @Option(names = "--steps", defaultValue = "4", description = "steps of rising rate in the sweep (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--java", description = "java executable for the service (default: the one running this command)")
    Path java;

    @Override
    public Integer call() throws Exception {
        Path home = Path.of(System.getProperty("hotpath.home", ".")).toAbsolutePath().normalize();
        Path agent = required(home.resolve("agent/target/hotpath-agent.jar"));
        Path examples = required(home.resolve("examples/target/hotpath-examples.jar"));
        String javaCmd = (java != null ? java : Path.of(System.getProperty("java.home"), "bin", "java")).toString();
        Path dir = out.isAbsolute() ? out : Path.of("").toAbsolutePath().resolve(out);
        Files.createDirectories(dir);
        for (String f : RUN_FILES) {
            Files.deleteIfExists(dir.resolve(f));
        }

        System.out.println("[demo] 1/4 collector (embedded) -> " + dir);
        try (Collector collector = Collector.start(CollectorConfig.builder(dir).listen("127.0.0.1", 0).build())) {
            String collectorUrl = "http://127.0.0.1:" + collector.port();
            System.out.println("[demo] 2/4 example shop and its pricing dependency, both with the agent (collector " + collectorUrl + ")");
            // jfr.period 10 s: the run is short, and JFR's own shutdown hook may close the recording before the last chunk is sent;
            // sample.rate 0.2, as for any short load test: enough base-rate traces per endpoint (about 35 in the sweep) for the
            // detectors' unbiased shares (slow_dependency needs 20), where the default 5% would give about 9
            String agentArg = "-javaagent:" + agent + "=collector=" + collectorUrl
                    + ",stats.interval.ms=1000,jfr.period=10s,sample.rate=0.2,service.name=";
            List<String> pricingCmd = List.of(javaCmd, "-Xmx256m", agentArg + "pricing", "-cp", examples.toString(),
                    "dev.hotpath.examples.pricing.PricingService");
            try (ServiceProcess pricing = new ServiceProcess(pricingCmd, dir.resolve("pricing.log"))) {
                int pricingPort = pricing.awaitPort(120);
                List<String> service = List.of(javaCmd, "-Xmx512m", agentArg + "shop", "-jar", examples.toString(), "--port", "0",
                        "--pricing", "http://127.0.0.1:" + pricingPort);
                try (ServiceProcess shop = new ServiceProcess(service, dir.resolve("service.log"))) {
                    int port = shop.awaitPort(120);
                    System.out.println("[demo] 3/4 load: a concurrency sweep of " + steps + " steps up to " + rate + " req/s over "
                            + steady + " s (4 s ramps), every labelled endpoint and its control");
                    int loadExit = runLoad(javaCmd, examples, port, dir);
                    if (loadExit != 0) {
                        System.err.println("[demo] the load driver exited with " + loadExit);
                    }
                    shop.stop(30);
                }
                pricing.stop(30);
            }
            System.out.println("[demo] 4/4 findings");
            collector.flush();
        }
        System.out.println();
        int findings = RunSummaryPrinter.print(dir, System.out);
        System.out.println();
        int reportExit = ReportCommand.run(dir, null, null, System.out, System.err);
        System.out.println();
        System.out.println("hotpath demo: " + findings + " finding(s); run directory " + dir
                + " (findings.jsonl, summary.json, traces.jsonl, load.json, service.log, pricing.log); report "
                + (reportExit == 0 ? dir.resolve("report.html") + " and report.md" : "not written (see above)"));
        return reportExit == 0 ? 0 : 1;
    }

    private int runLoad(String javaCmd, Path examples, int port, Path dir) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(javaCmd, "-cp", examples.toString(), "dev.hotpath.examples.load.LoadDriver",
                "--target", "http://127.0.0.1:" + port, "--rate", String.valueOf(rate), "--steps", String.valueOf(steps),
                "--mix", "sweep", "--ramp-up", "4", "--steady", String.valueOf(steady), "--ramp-down", "4",
                "--out", dir.resolve("load.json").toString()));
        return new ProcessBuilder(cmd).inheritIO().start().waitFor();
    }

    private static Path required(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run ./hotpath from the repository root (it builds what is missing)");
        }
        return jar;
    }
}
