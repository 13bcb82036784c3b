package dev.hotpath.analyzer;

import dev.hotpath.analyzer.check.CheckCommand;
import dev.hotpath.analyzer.demo.DemoCommand;
import dev.hotpath.analyzer.offline.AnalyzeCommand;
import dev.hotpath.analyzer.diff.DiffCommand;
import dev.hotpath.analyzer.report.ReportCommand;
import dev.hotpath.collector.CollectorMain;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.Arrays;

/** {@code ./hotpath <command>}: the one entry point people and scripts use (see README.md). */
@Command(name = "hotpath", mixinStandardHelpOptions = true, version = "hotpath 0.1.0",
        description = "Finds why a Java service is slow, with evidence.",
        subcommands = {DemoCommand.class, ReportCommand.class, CheckCommand.class, DiffCommand.class, AnalyzeCommand.class},
        footer = {"", "  collector --out DIR [--listen HOST:PORT] [--token T]   run the collector (see collector/README.md)"})
public final class HotpathCli implements Runnable {

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("collector")) {
            CollectorMain.main(Arrays.copyOfRange(args, 1, args.length)); // the collector's own argument parsing
            return;
        }
        System.exit(new CommandLine(new HotpathCli()).execute(args));
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
