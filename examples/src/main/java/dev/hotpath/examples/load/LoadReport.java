package dev.hotpath.examples.load;

import dev.hotpath.examples.json.JsonWriter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders a {@link LoadResult} as the end-of-run table and as JSON (the same numbers). */
public final class LoadReport {
    private LoadReport() {
    }

    public static String table(LoadResult result) {
        StringBuilder sb = new StringBuilder();
        LoadPlan plan = result.plan();
        if (result.closedLoop()) {
            sb.append(String.format(Locale.ROOT,
                    "load: %s  closed loop: %d connections, warm-up=%ss measured=%ss  seed=%d  elapsed=%.1fs%n",
                    plan.target(), result.connections(), number(result.warmupSeconds()), number(result.scheduleSeconds()),
                    plan.seed(), result.elapsedSeconds()));
            sb.append("latency = completion - send; requests completed in the measured window; rps = those / window\n");
        } else {
            sb.append(String.format(Locale.ROOT,
                    "load: %s  rate=%s/s ramp-up=%ss steady=%ss%s ramp-down=%ss  seed=%d  max-in-flight=%d  elapsed=%.1fs%n",
                    plan.target(), number(plan.ratePerSecond()), number(plan.rampUp().toMillis() / 1000.0),
                    number(plan.steady().toMillis() / 1000.0), plan.steps() > 1 ? " (sweep: " + plan.steps() + " steps)" : "",
                    number(plan.rampDown().toMillis() / 1000.0), plan.seed(), plan.maxInFlight(), result.elapsedSeconds()));
            sb.append(String.format(Locale.ROOT, "latency = completion - intended start (coordinated-omission free),"
                    + " all completed requests; driver send lag p99=%.2fms max=%.2fms%n",
                    result.sendLagP99Ms(), result.sendLagMaxMs()));
        }
        String format = "%-36s %8s %8s %9s %9s %9s %9s %7s %7s %8s%n";
        sb.append(String.format(Locale.ROOT, format, "endpoint", "count", "rps", "p50 ms", "p95 ms", "p99 ms",
                "max ms", "errors", "err%", "dropped"));
        List<EndpointResult> rows = new ArrayList<>(result.endpoints());
        rows.add(result.total());
        for (EndpointResult r : rows) {
            sb.append(String.format(Locale.ROOT, format, r.label(), r.sent(),
                    String.format(Locale.ROOT, "%.1f", r.rps()), ms(r.p50Ms()), ms(r.p95Ms()), ms(r.p99Ms()),
                    ms(r.maxMs()), r.errors(), String.format(Locale.ROOT, "%.2f", 100 * r.errorRate()), r.dropped()));
        }
        for (EndpointResult r : result.endpoints()) {
            for (Map.Entry<String, Long> kind : r.errorKinds().entrySet()) {
                sb.append(String.format(Locale.ROOT, "  error %s: %s x%d%n", r.label(), kind.getKey(), kind.getValue()));
            }
        }
        steps(result, sb);
        return sb.toString();
    }

    /** p95 per endpoint per sweep step: how each endpoint's latency moves as the load rises. */
    private static void steps(LoadResult result, StringBuilder sb) {
        if (result.steps().isEmpty()) {
            return;
        }
        sb.append(String.format(Locale.ROOT, "%nclient p95 ms per sweep step (intended start in the step)%n%-36s", "endpoint"));
        for (StepResult s : result.steps()) {
            sb.append(String.format(Locale.ROOT, " %11s", "step " + s.step() + " @" + number(Math.round(s.ratePerSecond())) + "/s"));
        }
        sb.append('\n');
        for (EndpointResult r : result.endpoints()) {
            sb.append(String.format(Locale.ROOT, "%-36s", r.label()));
            for (StepResult s : result.steps()) {
                String cell = s.endpoints().stream().filter(e -> e.route().equals(r.route()) && e.method().equals(r.method()))
                        .findFirst().map(e -> ms(e.p95Ms())).orElse("-");
                sb.append(String.format(Locale.ROOT, " %11s", cell));
            }
            sb.append('\n');
        }
    }

    public static String json(LoadResult result) {
        LoadPlan plan = result.plan();
        JsonWriter w = new JsonWriter().beginObject()
                .field("target", plan.target().toString())
                .field("model", result.closedLoop() ? "closed" : "open")
                .field("connections", result.connections())
                .field("warmupSeconds", result.warmupSeconds())
                .name("plan").beginObject()
                .field("ratePerSecond", plan.ratePerSecond())
                .field("rampUpSeconds", plan.rampUp().toMillis() / 1000.0)
                .field("steadySeconds", plan.steady().toMillis() / 1000.0)
                .field("rampDownSeconds", plan.rampDown().toMillis() / 1000.0)
                .field("steps", plan.steps())
                .field("maxInFlight", plan.maxInFlight())
                .field("seed", plan.seed())
                .field("mix", plan.mix().toString())
                .field("drainTimeoutSeconds", plan.drainTimeout().toMillis() / 1000.0)
                .endObject()
                .field("startedAt", result.startedAt().toString())
                .field("scheduleSeconds", result.scheduleSeconds())
                .field("elapsedSeconds", round(result.elapsedSeconds()))
                .field("latency", result.closedLoop()
                        ? "completion minus send, microsecond HdrHistogram, requests completed in the measured window"
                        : "completion minus intended start, microsecond HdrHistogram, all completed requests")
                .field("sendLagP99Ms", round(result.sendLagP99Ms()))
                .field("sendLagMaxMs", round(result.sendLagMaxMs()))
                .name("endpoints").beginArray();
        for (EndpointResult r : result.endpoints()) {
            endpoint(w, r);
        }
        w.endArray().name("total");
        endpoint(w, result.total());
        w.name("steps").beginArray();
        for (StepResult s : result.steps()) {
            w.beginObject().field("step", s.step()).field("ratePerSecond", round(s.ratePerSecond())).name("endpoints").beginArray();
            for (StepResult.EndpointStep e : s.endpoints()) {
                w.beginObject().field("method", e.method()).field("route", e.route()).field("count", e.count())
                        .field("errors", e.errors()).field("p50Ms", round(e.p50Ms())).field("p95Ms", round(e.p95Ms()))
                        .field("p99Ms", round(e.p99Ms())).endObject();
            }
            w.endArray().endObject();
        }
        w.endArray();
        return w.endObject().toString();
    }

    private static void endpoint(JsonWriter w, EndpointResult r) {
        w.beginObject()
                .field("endpoint", r.label())
                .field("method", r.method())
                .field("route", r.route())
                .field("scheduled", r.scheduled())
                .field("count", r.sent())
                .field("completed", r.completed())
                .field("ok", r.ok())
                .field("errors", r.errors())
                .field("errorRate", round(r.errorRate()))
                .field("dropped", r.dropped())
                .field("unfinished", r.unfinished())
                .field("rps", round(r.rps()))
                .field("p50Ms", round(r.p50Ms()))
                .field("p95Ms", round(r.p95Ms()))
                .field("p99Ms", round(r.p99Ms()))
                .field("maxMs", round(r.maxMs()))
                .name("errorKinds").beginObject();
        for (Map.Entry<String, Long> kind : r.errorKinds().entrySet()) {
            w.field(kind.getKey(), kind.getValue());
        }
        w.endObject().endObject();
    }

    private static String ms(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
