package dev.hotpath.analyzer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/** Writes small run directories (summary.json, traces.jsonl, findings.jsonl) for tests, in the collector's format. */
public final class SyntheticRun {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ObjectNode summary = JSON.createObjectNode();
    private final ArrayNode endpoints = summary.putArray("endpoints");
    private final ObjectNode agentCounters;
    private final List<String> traces = new ArrayList<>();
    private final List<String> findings = new ArrayList<>();
    private long traceSeq = 1;
    private long clock = 1_795_761_700_000_000_000L;

    public SyntheticRun() {
        summary.put("schemaVersion", 1);
        summary.putObject("window").put("start", "2026-11-27T06:41:40Z").put("end", "2026-11-27T06:42:20Z");
        summary.put("windowSeconds", 40.0);
        summary.putArray("topQueries");
        ObjectNode counters = summary.putObject("counters");
        counters.putObject("collector").put("traces.completed", 0);
        agentCounters = counters.putObject("agent");
        agentCounters.put("spans.dropped.queue_full", 0).put("stats.dropped", 0).put("agent.errors", 0);
    }

    public SyntheticRun endpoint(String method, String route, long count, double errorRate, double p50, double p95, double p99) {
        endpoints.addObject().put("service", "svc").put("method", method).put("route", route)
                .put("path", List.of("POST", "PUT", "PATCH", "DELETE").contains(method) ? "submit" : "access")
                .put("count", count).put("rps", count / 40.0).put("errorRate", errorRate).put("p50Ms", p50).put("p95Ms", p95)
                .put("p99Ms", p99).put("totalMs", count * (p50 + (p95 - p50) * 0.2)).put("source", "agent-stats");
        return this;
    }

    /**
     * An endpoint whose summary row comes from {@code n} log-normal durations around {@code medianMs}, with the
     * whole-run histogram summary.json carries (as the collector writes it).
     */
    public SyntheticRun endpointWithHistogram(String method, String route, int n, double medianMs, double sigma, long seed) {
        Random r = new Random(seed);
        org.HdrHistogram.Histogram h = new org.HdrHistogram.Histogram(3);
        double total = 0;
        for (int i = 0; i < n; i++) {
            double ms = medianMs * Math.exp(sigma * r.nextGaussian());
            h.recordValue(Math.round(ms * 1000));
            total += ms;
        }
        endpoint(method, route, n, 0, h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(95) / 1000.0,
                h.getValueAtPercentile(99) / 1000.0);
        ((ObjectNode) endpoints.get(endpoints.size() - 1)).put("totalMs", total)
                .put("histogram", dev.hotpath.collector.stats.HistogramCodec.encode(h));
        return this;
    }

    public SyntheticRun agentCounter(String name, long value) {
        agentCounters.put(name, value);
        return this;
    }

    /** {@code n} kept traces of the endpoint with log-normal durations around {@code medianMs}. */
    public SyntheticRun traces(String method, String route, int n, double medianMs, double sigma, long seed) {
        Random r = new Random(seed);
        for (int i = 0; i < n; i++) {
            double ms = medianMs * Math.exp(sigma * r.nextGaussian());
            trace(method, route, ms, true, true);
        }
        return this;
    }

    /** One trace with a server span, a connection acquire and one DB span covering half the request. */
    public SyntheticRun trace(String method, String route, double ms, boolean withRouteAttribute, boolean withServerSpan) {
        String id = String.format(Locale.ROOT, "%032x", traceSeq++);
        long start = clock;
        clock += 10_000_000L;
        long dur = (long) (ms * 1e6);
        ObjectNode t = JSON.createObjectNode();
        t.put("traceId", id).put("service", "svc");
        t.putObject("endpoint").put("method", method).put("route", route);
        t.put("startEpochNanos", start).put("durationNanos", dur).put("error", false).put("rootSeen", withServerSpan).put("spansDropped", 0);
        ArrayNode spans = t.putArray("spans");
        String root = "00000000000000aa";
        if (withServerSpan) {
            ObjectNode s = spans.addObject();
            s.put("spanId", root).putNull("parentSpanId");
            s.put("name", method + " " + route).put("kind", "SERVER").put("type", "server").put("service", "svc")
                    .put("startEpochNanos", start).put("endEpochNanos", start + dur).put("status", "OK");
            ObjectNode a = s.putObject("attributes");
            a.put("http.request.method", method).put("http.response.status_code", 200).put("hotpath.keep.reason", "base_rate");
            if (withRouteAttribute) {
                a.put("http.route", route);
            }
        }
        ObjectNode acq = spans.addObject();
        acq.put("spanId", "00000000000000ab").put("parentSpanId", root).put("name", "db.connection.acquire").put("kind", "INTERNAL")
                .put("type", "db.connection.acquire").put("service", "svc").put("startEpochNanos", start)
                .put("endEpochNanos", start + dur / 10).put("status", "OK").putObject("attributes");
        ObjectNode db = spans.addObject();
        db.put("spanId", "00000000000000ac").put("parentSpanId", root).put("name", "SELECT t").put("kind", "CLIENT").put("type", "db")
                .put("service", "svc").put("startEpochNanos", start + dur / 10).put("endEpochNanos", start + dur / 10 + dur / 2)
                .put("status", "OK").putObject("attributes").put("hotpath.db.fingerprint", "00000000000000ff")
                .put("db.query.text", "SELECT a FROM t WHERE id = ?");
        traces.add(t.toString());
        return this;
    }

    /** A minimal schema-shaped N+1 finding. */
    public SyntheticRun finding(String id, String method, String route, int score, String severity, double timeLostPerMinute) {
        ObjectNode f = JSON.createObjectNode();
        f.put("schemaVersion", 1).put("id", id).put("kind", "n_plus_one").put("title", "N+1 on " + method + " " + route)
                .put("summary", "repeats").put("severity", severity).put("score", score);
        f.putObject("confidence").put("level", "high").put("rationale", "rho 0.8").put("spearmanRho", 0.8);
        f.put("service", "svc");
        f.putObject("endpoint").put("method", method).put("route", route).put("path", "access");
        f.putObject("window").put("start", "2026-11-27T06:41:40Z").put("end", "2026-11-27T06:42:20Z");
        ObjectNode impact = f.putObject("impact");
        impact.put("requestsAffected", 10).put("endpointRequests", 10).put("shareOfRequests", 1.0).put("shareOfRequestTime", 0.5)
                .put("totalTimeLostMs", timeLostPerMinute * 40 / 60).put("timeLostMsPerMinute", timeLostPerMinute);
        ObjectNode lat = impact.putObject("latencyMs");
        lat.putObject("withPattern").put("p50", 10).put("p95", 20).put("p99", 30);
        lat.putNull("withoutPattern");
        ObjectNode ev = f.putObject("evidence");
        ev.put("fingerprint", "00000000000000ff").put("statement", "SELECT a FROM t WHERE id = ?").put("dbSystem", "h2");
        ev.putObject("repeatsPerRequest").put("p50", 10).put("max", 20);
        ev.putObject("unionMs").put("p50", 5).put("p95", 9);
        ev.put("sequential", true);
        f.putArray("exemplarTraceIds").add(String.format(Locale.ROOT, "%032x", 1));
        f.putArray("codePointers").addObject().put("function", "a.B.c").put("file", "B.java").put("line", 7);
        f.put("hypothesis", "a loop");
        f.putArray("validation").add("open the trace");
        ObjectNode fix = f.putObject("fix");
        for (String k : List.of("quick", "medium", "long")) {
            fix.putObject(k).put("action", k + " fix").put("risk", "low").put("rollback", "revert");
        }
        f.putObject("verification").put("metric", "p95").put("current", "20 ms").put("target", "10 ms").put("how", "diff");
        findings.add(f.toString());
        return this;
    }

    /** A finding line as the collector wrote it (e.g. copied from a real run). */
    public SyntheticRun rawFinding(String json) {
        findings.add(json.strip());
        return this;
    }

    /** summary.json's {@code pools}, as the collector wrote them. */
    public SyntheticRun pools(String jsonArray) throws IOException {
        summary.set("pools", JSON.readTree(jsonArray));
        return this;
    }

    public Path writeTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("summary.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(summary));
        Files.write(dir.resolve("traces.jsonl"), traces);
        Files.write(dir.resolve("findings.jsonl"), findings);
        return dir;
    }
}
