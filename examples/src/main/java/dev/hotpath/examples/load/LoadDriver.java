package dev.hotpath.examples.load;

import org.HdrHistogram.Histogram;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * An open-model HTTP load generator for the demo services. Requests are sent on a fixed arrival schedule
 * ({@link ArrivalSchedule}) whatever the server does, and each latency is measured from the request's intended
 * start, so a stalled server shows up as latency instead of silently lowering the load (no coordinated omission).
 * If {@code maxInFlight} requests are outstanding when one is due, that request is dropped and counted.
 *
 * <pre>java -cp hotpath-examples.jar dev.hotpath.examples.load.LoadDriver --target http://127.0.0.1:8080 --rate 50
 *     [--ramp-up 5] [--steady 20] [--ramp-down 5] [--max-in-flight 200] [--seed 42] [--mix SPEC] [--out FILE.json]</pre>
 * {@code --path /accounts/{id}/statement [--ids N]} drives any service instead of the shop's endpoints, and
 * {@code --connections N --duration S [--warmup S]} switches to a closed loop ({@link ClosedLoopDriver}) for saturation
 * throughput.
 */
public final class LoadDriver {
    private static final long START_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private LoadDriver() {
    }

    /** Runs the plan silently. */
    public static LoadResult run(LoadPlan plan) throws InterruptedException {
        return run(plan, line -> { });
    }

    /**
     * Runs the plan to the end of its schedule plus at most the drain timeout, reporting one progress line per second.
     *
     * @throws IllegalArgumentException if the target is not a loopback address
     */
    public static LoadResult run(LoadPlan plan, Consumer<String> progress) throws InterruptedException {
        LoopbackTarget.require(plan.target());
        ArrivalSchedule schedule = ArrivalSchedule.of(plan);
        Map<Endpoint, EndpointStats> stats = new EnumMap<>(Endpoint.class);
        for (Endpoint endpoint : plan.mix().weights().keySet()) {
            stats.put(endpoint, new EndpointStats(endpoint, plan.routeOf(endpoint)));
        }
        RequestFactory requests = new RequestFactory(plan);
        Random random = new Random(plan.seed());
        AtomicInteger inFlight = new AtomicInteger();
        // How late the driver itself was in sending (intended -> handed to the client): if this is large, the
        // driver machine, not the target, is the bottleneck.
        Histogram sendLagMicros = new Histogram(EndpointStats.HIGHEST_TRACKABLE_MICROS, 3);
        SweepSteps steps = new SweepSteps(schedule);

        ExecutorService httpExecutor = Executors.newCachedThreadPool(daemonThreads("load-http"));
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .executor(httpExecutor)
                .build();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(daemonThreads("load-progress"));

        Instant startedAt = Instant.now();
        long start = System.nanoTime() + START_DELAY_NANOS;
        ProgressLine progressLine = new ProgressLine(schedule, stats, inFlight, start, progress);
        ticker.scheduleAtFixedRate(progressLine, START_DELAY_NANOS + TimeUnit.SECONDS.toNanos(1),
                TimeUnit.SECONDS.toNanos(1), TimeUnit.NANOSECONDS);
        try {
            long total = schedule.totalArrivals();
            for (long k = 0; k < total; k++) {
                long intended = start + schedule.offsetNanos(k);
                sleepUntil(intended);
                // The endpoint and ids are drawn for every arrival, dropped or not, so a seed always yields
                // the same request sequence.
                Endpoint endpoint = plan.mix().pick(random);
                HttpRequest request = requests.create(endpoint, random);
                EndpointStats endpointStats = stats.get(endpoint);
                endpointStats.scheduled();
                if (inFlight.get() >= plan.maxInFlight()) {
                    endpointStats.dropped();
                    continue;
                }
                inFlight.incrementAndGet();
                endpointStats.sent();
                sendLagMicros.recordValue(Math.min(EndpointStats.HIGHEST_TRACKABLE_MICROS,
                        Math.max(0, (System.nanoTime() - intended) / 1_000)));
                client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                        .whenComplete((response, failure) -> {
                            long latencyMicros = (System.nanoTime() - intended) / 1_000;
                            String error = errorKind(endpoint, response, failure);
                            endpointStats.completed(latencyMicros, error);
                            steps.record((intended - start) / 1e9, endpoint, latencyMicros, error != null);
                            inFlight.decrementAndGet();
                        });
            }
            // Hard stop: the end of the schedule plus the drain timeout, however slow the target is.
            long drainDeadline = start + Math.round(schedule.durationSeconds() * 1e9) + plan.drainTimeout().toNanos();
            while (inFlight.get() > 0 && System.nanoTime() < drainDeadline) {
                Thread.sleep(5);
            }
        } finally {
            ticker.shutdownNow();
            ticker.awaitTermination(5, TimeUnit.SECONDS);
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        double scheduleSeconds = schedule.durationSeconds();
        List<EndpointResult> endpoints = new ArrayList<>();
        for (EndpointStats endpointStats : stats.values()) {
            endpoints.add(endpointStats.close(scheduleSeconds));
        }
        httpExecutor.shutdownNow();
        return new LoadResult(plan, startedAt, scheduleSeconds, elapsed, endpoints, sum(endpoints, scheduleSeconds),
                sendLagMicros.getValueAtPercentile(99) / 1000.0, sendLagMicros.getMaxValue() / 1000.0,
                steps.results(plan.ratePerSecond()));
    }

    /** null when the response is the one expected, otherwise a short error kind for the report. */
    private static String errorKind(Endpoint endpoint, HttpResponse<?> response, Throwable failure) {
        if (failure != null) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause instanceof HttpTimeoutException) {
                return "timeout";
            }
            return cause.getClass().getSimpleName();
        }
        if (response.statusCode() != endpoint.expectedStatus()) {
            return "http " + response.statusCode();
        }
        return null;
    }

    static EndpointResult sum(List<EndpointResult> endpoints, double scheduleSeconds) {
        Histogram latency = new Histogram(EndpointStats.HIGHEST_TRACKABLE_MICROS, 3);
        long scheduled = 0, sent = 0, completed = 0, ok = 0, errors = 0, dropped = 0, unfinished = 0;
        Map<String, Long> kinds = new TreeMap<>();
        for (EndpointResult r : endpoints) {
            latency.add(r.latencyMicros());
            scheduled += r.scheduled();
            sent += r.sent();
            completed += r.completed();
            ok += r.ok();
            errors += r.errors();
            dropped += r.dropped();
            unfinished += r.unfinished();
            r.errorKinds().forEach((kind, n) -> kinds.merge(kind, n, Long::sum));
        }
        return EndpointResult.of("ALL", "", scheduled, sent, completed, ok, errors, dropped, unfinished,
                scheduleSeconds, latency, kinds);
    }

    private static void sleepUntil(long deadline) throws InterruptedException {
        while (true) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return;
            }
            LockSupport.parkNanos(remaining);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String name) {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread t = new Thread(runnable, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** The once-a-second progress line; also folds interval histograms into the run totals. */
    private static final class ProgressLine implements Runnable {
        private final ArrivalSchedule schedule;
        private final Map<Endpoint, EndpointStats> stats;
        private final AtomicInteger inFlight;
        private final long start;
        private final Consumer<String> out;
        private final Histogram interval = new Histogram(EndpointStats.HIGHEST_TRACKABLE_MICROS, 3);

        ProgressLine(ArrivalSchedule schedule, Map<Endpoint, EndpointStats> stats, AtomicInteger inFlight,
                     long start, Consumer<String> out) {
            this.schedule = schedule;
            this.stats = stats;
            this.inFlight = inFlight;
            this.start = start;
            this.out = out;
        }

        @Override
        public void run() {
            try {
                double t = (System.nanoTime() - start) / 1e9;
                interval.reset();
                long sent = 0, ok = 0, errors = 0, dropped = 0;
                for (EndpointStats s : stats.values()) {
                    interval.add(s.takeInterval());
                    sent += s.sentCount();
                    ok += s.okCount();
                    errors += s.errorCount();
                    dropped += s.droppedCount();
                }
                String p99 = interval.getTotalCount() == 0 ? "-"
                        : String.format(Locale.ROOT, "%.1fms", interval.getValueAtPercentile(99) / 1000.0);
                out.accept(String.format(Locale.ROOT,
                        "[load] t=%ds phase=%s%s rate=%.0f/s sent=%d ok=%d err=%d inflight=%d p99=%s dropped=%d",
                        Math.round(t), schedule.phaseAt(t).name().toLowerCase(Locale.ROOT).replace('_', '-'),
                        schedule.steps() > 1 && schedule.stepAt(t) > 0 ? " step=" + schedule.stepAt(t) + "/" + schedule.steps() : "",
                        schedule.rateAt(t), sent, ok, errors, inFlight.get(), p99, dropped));
            } catch (RuntimeException e) {
                out.accept("[load] progress failed: " + e);
            }
        }
    }

    // ---- command line ----

    public static void main(String[] args) throws Exception {
        LoadPlan plan;
        Path out;
        CommandLine cli;
        try {
            cli = CommandLine.parse(args);
            if (cli == null) {
                System.out.println(CommandLine.USAGE);
                return;
            }
            plan = cli.plan;
            out = cli.out;
            LoopbackTarget.require(plan.target());
        } catch (IllegalArgumentException e) {
            System.err.println("load: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (System.getProperty("jdk.httpclient.keepalive.timeout") == null) {
            // Close idle client connections before the server's idle timeout (Jetty: 30 s) can race a reuse.
            System.setProperty("jdk.httpclient.keepalive.timeout", "20");
        }
        LoadResult result = cli.connections > 0
                ? ClosedLoopDriver.run(plan, cli.connections, cli.warmup, cli.duration, System.err::println)
                : run(plan, System.err::println);
        System.out.print(LoadReport.table(result));
        System.out.flush();
        if (out != null) {
            Files.writeString(out, LoadReport.json(result) + "\n", StandardCharsets.UTF_8);
            System.err.println("[load] wrote " + out);
        }
    }

    /** Parses the CLI flags into a plan. */
    static final class CommandLine {
        static final String USAGE = "usage: LoadDriver --target http://127.0.0.1:8080 [--rate 50] [--ramp-up 5]"
                + " [--steady 20] [--steps 1] [--ramp-down 5] [--max-in-flight 200] [--seed 42] [--drain-timeout 10]"
                + " [--mix default|sweep|dependencies|" + RequestMix.DEFAULT + "] [--path /accounts/{id}/statement [--ids 2000]]"
                + " [--connections N --duration S [--warmup S]] [--out FILE.json]\n"
                + "  open model (default): requests at a fixed arrival rate; closed loop (--connections N): N workers each"
                + " sending the next request when the last returns, for --warmup then --duration seconds (saturation throughput)";

        final LoadPlan plan;
        final Path out;
        /** 0: the open model; N: a closed loop of N workers */
        final int connections;
        final Duration warmup;
        final Duration duration;

        private CommandLine(LoadPlan plan, Path out, int connections, Duration warmup, Duration duration) {
            this.plan = plan;
            this.out = out;
            this.connections = connections;
            this.warmup = warmup;
            this.duration = duration;
        }

        /** @return null when help was asked for */
        static CommandLine parse(String[] args) {
            URI target = URI.create("http://127.0.0.1:8080");
            double rate = 50;
            double rampUp = 5;
            double steady = 20;
            double rampDown = 5;
            int steps = 1;
            int maxInFlight = 200;
            long seed = 42;
            double drain = LoadPlan.DEFAULT_DRAIN_TIMEOUT.toSeconds();
            RequestMix mix = RequestMix.DEFAULT;
            Path out = null;
            String path = null;
            int ids = -1;
            int connections = 0;
            double warmup = 5;
            double duration = -1;
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                String value = null;
                int eq = flag.indexOf('=');
                if (flag.startsWith("--") && eq > 0) {
                    value = flag.substring(eq + 1);
                    flag = flag.substring(0, eq);
                }
                if (flag.equals("--help") || flag.equals("-h")) {
                    return null;
                }
                if (value == null) {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("missing value for " + flag + "\n" + USAGE);
                    }
                    value = args[++i];
                }
                switch (flag) {
                    case "--target": target = parseTarget(value); break;
                    case "--rate": rate = number(flag, value); break;
                    case "--ramp-up": rampUp = number(flag, value); break;
                    case "--steady": steady = number(flag, value); break;
                    case "--ramp-down": rampDown = number(flag, value); break;
                    case "--steps": steps = Math.max(1, (int) number(flag, value)); break;
                    case "--max-in-flight": maxInFlight = (int) number(flag, value); break;
                    case "--seed": seed = (long) number(flag, value); break;
                    case "--drain-timeout": drain = number(flag, value); break;
                    case "--mix": mix = RequestMix.named(value); break;
                    case "--out": out = Path.of(value); break;
                    case "--path": path = value; break;
                    case "--ids": ids = wholeNumber(flag, value); break;
                    case "--connections": connections = wholeNumber(flag, value); break;
                    case "--warmup": warmup = number(flag, value); break;
                    case "--duration": duration = number(flag, value); break;
                    default: throw new IllegalArgumentException("unknown flag " + flag + "\n" + USAGE);
                }
            }
            LoadPlan plan = LoadPlan.of(target, rate, seconds(rampUp), seconds(steady), seconds(rampDown))
                    .withMaxInFlight(maxInFlight).withSeed(seed).withMix(mix).withDrainTimeout(seconds(drain))
                    .withSteps(steps);
            if (path != null) {
                plan = plan.withPath(path, ids < 0 ? plan.customers() : ids);
            } else if (ids >= 0) {
                throw new IllegalArgumentException("--ids goes with --path");
            }
            if ((connections > 0) != (duration >= 0)) {
                throw new IllegalArgumentException("a closed loop needs both --connections N (>= 1) and --duration S");
            }
            if (connections > 0 && duration == 0) {
                throw new IllegalArgumentException("--duration must be > 0");
            }
            return new CommandLine(plan, out, connections, seconds(warmup), seconds(Math.max(0, duration)));
        }

        private static URI parseTarget(String value) {
            try {
                URI uri = URI.create(value);
                if (uri.getHost() == null) {
                    throw new IllegalArgumentException("--target must look like http://127.0.0.1:8080");
                }
                return uri;
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--target must look like http://127.0.0.1:8080");
            }
        }

        private static double number(String flag, String value) {
            try {
                double d = Double.parseDouble(value);
                if (Double.isNaN(d) || d < 0) {
                    throw new NumberFormatException();
                }
                return d;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(flag + " needs a non-negative number, got '" + value + "'");
            }
        }

        private static int wholeNumber(String flag, String value) {
            double d = number(flag, value);
            if (d != Math.rint(d) || d > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(flag + " needs a whole number, got '" + value + "'");
            }
            return (int) d;
        }

        private static Duration seconds(double s) {
            return Duration.ofNanos(Math.round(s * 1e9));
        }
    }
}
