package dev.hotpath.collector;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar hotpath-collector.jar --out DIR [--listen HOST:PORT] [--token T]}. Prints one line
 * when listening, flushes every 2 s, and flushes a last time on SIGTERM/Ctrl-C. A bad argument gives a
 * one-line usage error and exit code 2.
 */
public final class CollectorMain {
    static final String USAGE = "usage: hotpath collector --out DIR [--listen HOST:PORT] [--token TOKEN]"
            + " (default listen 127.0.0.1:4318; token also from HOTPATH_COLLECTOR_TOKEN)";

    private CollectorMain() {
    }

    public static void main(String[] args) {
        CollectorConfig config;
        try {
            config = parse(args, System.getenv("HOTPATH_COLLECTOR_TOKEN"));
        } catch (IllegalArgumentException e) {
            System.err.println("hotpath collector: " + e.getMessage() + "; " + USAGE);
            System.exit(2);
            return;
        }
        if (config == null) {
            System.out.println(USAGE);
            return;
        }
        System.exit(run(config, System.out, System.err));
    }

    static int run(CollectorConfig config, PrintStream out, PrintStream err) {
        Collector collector;
        try {
            collector = Collector.start(config);
        } catch (IllegalArgumentException e) {
            err.println("hotpath collector: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("hotpath collector: cannot start on " + config.listenHost() + ":" + config.listenPort() + ": " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                collector.close();
                err.println("hotpath collector: stopped; " + collector.findings().size() + " finding(s), "
                        + collector.counters().get("traces.completed") + " trace(s) in " + config.outDir());
            } finally {
                stopped.countDown();
            }
        }, "hotpath-collector-shutdown"));
        out.println("hotpath collector listening on " + collector.endpoint() + ", writing " + config.outDir());
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** Returns null for --help. */
    static CollectorConfig parse(String[] args, String envToken) {
        Path out = null;
        String host = CollectorConfig.DEFAULT_HOST;
        int port = CollectorConfig.DEFAULT_PORT;
        String token = envToken;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "-h", "--help" -> {
                    return null;
                }
                case "--out" -> out = Path.of(value(args, ++i, a));
                case "--token" -> token = value(args, ++i, a);
                case "--listen" -> {
                    String v = value(args, ++i, a);
                    int colon = v.lastIndexOf(':');
                    if (colon <= 0 || colon == v.length() - 1) {
                        throw new IllegalArgumentException("--listen needs HOST:PORT, got '" + v + "'");
                    }
                    host = v.substring(0, colon);
                    if (host.startsWith("[") && host.endsWith("]")) {
                        host = host.substring(1, host.length() - 1);
                    }
                    try {
                        port = Integer.parseInt(v.substring(colon + 1));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--listen port must be a number, got '" + v.substring(colon + 1) + "'");
                    }
                    if (port < 0 || port > 65535) {
                        throw new IllegalArgumentException("--listen port must be 0..65535, got " + port);
                    }
                }
                default -> throw new IllegalArgumentException("unknown argument '" + a + "'");
            }
        }
        if (out == null) {
            throw new IllegalArgumentException("--out DIR is required");
        }
        return CollectorConfig.builder(out).listen(host, port).token(token).build();
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }
}
