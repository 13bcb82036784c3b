package dev.hotpath.analyzer.report;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code hotpath report DIR}: prints the run's endpoint table and findings. */
@Command(name = "report", mixinStandardHelpOptions = true, description = "Summarise a run directory's findings.")
public final class ReportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "run directory written by the collector")
    Path dir;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(dir)) {
            System.err.println("hotpath report: " + dir + " is not a directory");
            return 2;
        }
        int findings = RunSummaryPrinter.print(dir, System.out);
        System.out.println();
        System.out.println("hotpath report: " + findings + " finding(s) in " + dir);
        return 0;
    }
}
