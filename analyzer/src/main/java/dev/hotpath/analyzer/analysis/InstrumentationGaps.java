package dev.hotpath.analyzer.analysis;

import dev.hotpath.analyzer.report.Fmt;
import dev.hotpath.analyzer.run.ClientLatency;
import dev.hotpath.analyzer.run.EndpointStats;
import dev.hotpath.analyzer.run.JfrTime;
import dev.hotpath.analyzer.run.Run;
import dev.hotpath.analyzer.run.TraceDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** Computes what this run could not see, from its files and counters (playbook: "never fly blind again"). */
public final class InstrumentationGaps {
    /** Client p95 this much above the server's means time outside the server span worth instrumenting. */
    static final double CLIENT_SERVER_RATIO = 1.5;

    /** Span attributes the playbook requires on requests, with the attribute-name fragments that satisfy each. */
    private static final Map<String, List<String>> PLAYBOOK_ATTRIBUTES = new java.util.LinkedHashMap<>();

    static {
        PLAYBOOK_ATTRIBUTES.put("route", List.of("http.route"));
        PLAYBOOK_ATTRIBUTES.put("method", List.of("http.request.method", "http.method"));
        PLAYBOOK_ATTRIBUTES.put("status_code", List.of("http.response.status_code", "http.status_code"));
        PLAYBOOK_ATTRIBUTES.put("user_tier", List.of("user_tier", "user.tier", "enduser.tier"));
        PLAYBOOK_ATTRIBUTES.put("tenant_id (hashed)", List.of("tenant"));
        PLAYBOOK_ATTRIBUTES.put("payload_size", List.of("body.size", "payload", "content_length"));
        PLAYBOOK_ATTRIBUTES.put("cache.hit", List.of("cache.hit"));
        PLAYBOOK_ATTRIBUTES.put("retries.count", List.of("retries", "resend_count"));
        PLAYBOOK_ATTRIBUTES.put("queue.wait_ms", List.of("queue.wait"));
    }

    private InstrumentationGaps() {
    }

    public static List<Gap> compute(Run run) {
        List<Gap> out = new ArrayList<>();
        jvm(run, out);
        agentCounters(run, out);
        collectorCounters(run, out);
        sampling(run, out);
        traces(run, out);
        attributes(run, out);
        load(run, out);
        if (run.malformedLines() > 0) {
            out.add(new Gap("Unreadable lines", run.malformedLines() + " line(s) of findings.jsonl/traces.jsonl could not be parsed and were skipped.",
                    "Check the collector version against this analyzer (schema version 1) and the disk the run was written to.", true));
        }
        return out;
    }

    private static void jvm(Run run, List<Gap> out) {
        JfrTime jfr = run.jfr();
        if (run.jfrFiles().isEmpty() && jfr == null) {
            out.add(new Gap("JFR", "No JFR recording in this run (no jfr/*.jfr): CPU, allocation, lock waits (monitor-enter, park) "
                    + "and GC pauses were not measured, so the breakdown's 'other' column mixes app code with all of them.",
                    "Record JFR during load tests and canaries (agent JFR upload, or `-XX:StartFlightRecording`), bounded in size.", true));
        } else if (jfr != null && jfr.requests() == 0) {
            out.add(new Gap("JFR", "JFR was recorded but holds no request events (dev.hotpath.RequestSpan): GC pauses and CPU samples "
                    + "cannot be tied to requests or endpoints, and lock waits are not claimed as request contention.",
                    "Let the hotpath agent record JFR (jfr=on, the default) instead of a plain `jcmd JFR.dump`.", true));
        } else {
            out.add(new Gap("JFR", (jfr == null ? run.jfrFiles().size() + " JFR file(s) in jfr/."
                    : jfr.requests() + " requests seen in JFR request events; chunks stored: " + jfr.chunksStored() + "."),
                    "Keep it on.", false));
        }
        long dropped = run.agentCounters().entrySet().stream().filter(e -> e.getKey().startsWith("jfr.chunks.dropped."))
                .mapToLong(java.util.Map.Entry::getValue).sum();
        if (dropped > 0) {
            out.add(new Gap("JFR chunks dropped", dropped + " JFR chunk(s) were dropped in the agent (upload failures or its disk bound): "
                    + "lock, GC and CPU figures miss those periods.", "Check the collector's reachability from the service and jfr.max.bytes.",
                    true));
        }
        boolean deep = (jfr != null && jfr.deepChunks() > 0) || run.jfrFiles().stream().anyMatch(f -> f.contains("deep") || f.contains("async"));
        if (!deep) {
            out.add(new Gap("Deep mode", "No deep-mode profile (async-profiler wall/lock/alloc) in this run, so "
                    + (run.findings().stream().anyMatch(f -> f.flameGraph() != null)
                    ? "the flame graphs show on-CPU Java samples only, not wall-clock time off CPU."
                    : "there is no flame graph of the slow path."),
                    "Enable deep mode on a canary (1-5% of traffic) with its CPU budget, maximum duration and kill switch.", true));
        }
    }

    private static void agentCounters(Run run, List<Gap> out) {
        if (run.agentCounters().isEmpty()) {
            out.add(new Gap("Agent counters", "summary.json has no agent counters: the data came from another SDK or no stats were "
                    + "received, so drops inside the application are unknown and percentiles may come from kept traces only.",
                    "Run the hotpath agent (or export equivalent drop counters) so losses are visible.", true));
            return;
        }
        Map<String, Long> lost = new TreeMap<>();
        run.agentCounters().forEach((k, v) -> {
            if (v > 0 && (k.startsWith("spans.dropped") || k.equals("stats.dropped") || k.endsWith(".overflow")
                    || k.equals("agent.errors") || k.equals("statements.untracked"))) {
                lost.put(k, v);
            }
        });
        List<String> checked = new ArrayList<>();
        run.agentCounters().forEach((k, v) -> {
            if (k.startsWith("spans.dropped") || k.equals("stats.dropped") || k.endsWith(".overflow")
                    || k.equals("agent.errors") || k.equals("statements.untracked")) {
                checked.add(k);
            }
        });
        if (lost.isEmpty()) {
            out.add(new Gap("Agent drops", "The agent lost nothing: " + String.join(", ", checked) + " are all 0.", "None.", false));
        } else {
            List<String> parts = new ArrayList<>();
            lost.forEach((k, v) -> parts.add(k + " = " + Fmt.count(v)));
            out.add(new Gap("Agent drops", "The agent dropped or could not track data: " + String.join(", ", parts)
                    + ". Findings and traces undercount what happened.", "Raise the agent's limits (`export.queue.spans`, "
                    + "`max.spans.per.trace`, `max.routes`, `max.queries`) or lower the keep rate; check the collector was reachable.", true));
        }
    }

    private static void collectorCounters(Run run, List<Gap> out) {
        Map<String, Long> lost = new TreeMap<>();
        run.collectorCounters().forEach((k, v) -> {
            if (v > 0 && (k.startsWith("spans.shed") || k.startsWith("stats.shed") || k.startsWith("requests.rejected")
                    || k.startsWith("requests.failed") || k.equals("spans.late") || k.equals("traces.finalized_without_root")
                    || k.startsWith("detectors.failed") || k.equals("flush.failed"))) {
                lost.put(k, v);
            }
        });
        if (lost.isEmpty()) {
            out.add(new Gap("Collector drops", "The collector shed, rejected or failed nothing (no spans.shed.*, stats.shed.*, "
                    + "requests.rejected.*, spans.late, detectors.failed.* counts).", "None.", false));
        } else {
            List<String> parts = new ArrayList<>();
            lost.forEach((k, v) -> parts.add(k + " = " + Fmt.count(v)));
            out.add(new Gap("Collector drops", "The collector lost or refused data: " + String.join(", ", parts) + ".",
                    "Raise the collector's bounds (maxInFlightTraces, maxSpansPerTrace, maxStatsKeys) or fix the senders named by "
                            + "the rejections; a failed detector is a bug to report.", true));
        }
    }

    private static void sampling(Run run, List<Gap> out) {
        long completed = run.agentCounter("traces.completed");
        long agentKept = run.agentCounter("traces.kept");
        long inFile = run.traces().size();
        Map<String, Integer> reasons = new TreeMap<>();
        for (TraceDigest t : run.traces()) {
            reasons.merge(t.keepReason() == null ? "unknown" : t.keepReason(), 1, Integer::sum);
        }
        List<String> r = new ArrayList<>();
        reasons.forEach((k, v) -> r.add(k + " " + v));
        String base = completed > 0
                ? String.format("The agent kept %s of %s completed requests (%s); traces.jsonl holds %s, the basis of every breakdown "
                + "and exemplar", Fmt.count(agentKept), Fmt.count(completed), Fmt.share((double) agentKept / completed), Fmt.count(inFile))
                : String.format("Breakdowns and exemplars come from %s kept traces (total request count unknown)", Fmt.count(inFile));
        out.add(new Gap("Trace sampling", base + (r.isEmpty() ? "." : "; keep reasons in the file: " + String.join(", ", r) + ".")
                + " Kept traces over-represent slow and suspicious requests, so trace-based shares describe those, not the median request.",
                "For an unbiased breakdown, raise `sample.rate` for the load test, or add per-route DB/pool time to the agent's aggregates.",
                true));
        List<String> untraced = new ArrayList<>();
        for (EndpointStats e : run.endpoints()) {
            if (run.tracesOf(e.method(), e.route()).isEmpty()) {
                untraced.add(e.name() + " (" + Fmt.count(e.count()) + " requests)");
            }
        }
        if (!untraced.isEmpty()) {
            out.add(new Gap("Endpoints without traces", "No kept trace for " + String.join(", ", untraced)
                    + ": their time breakdown is not measured.", "Raise `sample.rate` or set `slo.ms` so slow requests are always kept.", true));
        }
        List<String> traceOnly = new ArrayList<>();
        for (EndpointStats e : run.endpoints()) {
            if ("traces".equals(e.source())) {
                traceOnly.add(e.name());
            }
        }
        if (!traceOnly.isEmpty()) {
            out.add(new Gap("Endpoints without aggregates", "Percentiles for " + String.join(", ", traceOnly) + " come from kept traces "
                    + "only (source `traces`): biased towards slow requests, and request counts are undercounted.",
                    "Send per-route aggregates (the hotpath agent does) for every service in the run.", true));
        }
    }

    private static void traces(Run run, List<Gap> out) {
        TreeSet<String> normalised = new TreeSet<>();
        int noServer = 0;
        int noRoot = 0;
        int truncated = 0;
        long spansDropped = 0;
        boolean anyHttpClient = false;
        for (TraceDigest t : run.traces()) {
            if (t.hasServerSpan() && !t.routeTemplated()) {
                normalised.add(t.endpointName());
            }
            if (!t.hasServerSpan()) {
                noServer++;
            }
            if (!t.rootSeen()) {
                noRoot++;
            }
            if (t.spansDropped() > 0) {
                truncated++;
                spansDropped += t.spansDropped();
            }
            anyHttpClient |= t.httpNanos() > 0;
        }
        if (!normalised.isEmpty()) {
            out.add(new Gap("Route templates", "The route of " + String.join(", ", normalised) + " is a normalised URL path (no "
                    + "`http.route` on the server span): ids were replaced by {id} heuristically, so distinct handlers may be merged.",
                    "Report the framework's route template as `http.route` (Spring MVC pattern, JAX-RS @Path, router names).", true));
        } else if (!run.traces().isEmpty()) {
            out.add(new Gap("Route templates", "Every kept trace carries `http.route` from the framework.", "None.", false));
        }
        if (noServer > 0 || noRoot > 0) {
            out.add(new Gap("Traces without a server span", String.format("%d kept trace(s) have no server span and %d were finalised "
                    + "without their local root: their endpoint and duration are guesses.", noServer, noRoot),
                    "Instrument the inbound entry point (servlet, HTTP server, message consumer) of every service on the path.", true));
        }
        if (truncated > 0) {
            out.add(new Gap("Truncated traces", String.format("%d trace(s) lost %s span(s) to the per-trace limit.", truncated,
                    Fmt.count(spansDropped)), "Raise `max.spans.per.trace` for the test; an N+1 this large is itself a finding.", true));
        }
        if (!anyHttpClient && !run.traces().isEmpty()) {
            out.add(new Gap("Outbound HTTP", "No HTTP client span in any kept trace: either the service makes no outbound calls or "
                    + "they are not instrumented, so external-dependency slowness would be invisible.",
                    "Instrument the HTTP clients in use (JDK HttpClient, OkHttp, Apache) or confirm the service calls none.", true));
        }
        out.add(new Gap("Thread pools", "No executor queue-wait or thread-pool saturation data (active == max, queue depth, "
                + "rejections) in this run.", "Record queue wait from submit to start per pool, and pool sizes, in the agent.", true));
    }

    private static void attributes(Run run, List<Gap> out) {
        TreeSet<String> seen = new TreeSet<>();
        for (TraceDigest t : run.traces()) {
            seen.addAll(t.serverAttributes());
        }
        if (run.traces().isEmpty()) {
            return;
        }
        List<String> missing = new ArrayList<>();
        PLAYBOOK_ATTRIBUTES.forEach((name, fragments) -> {
            boolean present = seen.stream().anyMatch(k -> fragments.stream().anyMatch(k::contains));
            if (!present) {
                missing.add(name);
            }
        });
        if (!missing.isEmpty()) {
            out.add(new Gap("Span attributes", "Server spans lack playbook attributes: " + String.join(", ", missing)
                    + ". Slow requests cannot be split by tenant, tier, payload size, cache behaviour or retries.",
                    "Add them at the entry point (tenant and user ids only as keyed hashes).", true));
        }
    }

    private static void load(Run run, List<Gap> out) {
        if (run.clientLatency().isEmpty()) {
            out.add(new Gap("Client-side latency", "No load.json: latency as users see it (queueing and network outside the server "
                    + "span) was not measured.", "Drive load with a coordinated-omission-free driver and keep its report in the run.", true));
        } else {
            List<String> gaps = new ArrayList<>();
            for (ClientLatency c : run.clientLatency()) {
                run.endpoint(c.method(), c.route()).ifPresent(e -> {
                    if (e.p95Ms() > 0 && c.p95Ms() >= CLIENT_SERVER_RATIO * e.p95Ms()) {
                        gaps.add(String.format("%s client p95 %s vs server %s", c.name(), Fmt.ms(c.p95Ms()), Fmt.ms(e.p95Ms())));
                    }
                });
            }
            if (!gaps.isEmpty()) {
                out.add(new Gap("Time outside the server span", "The load driver saw much more latency than the server span: "
                        + String.join("; ", gaps) + ". The difference (accept queue, connection setup, network, client) is not instrumented.",
                        "Record server queue time (request received to handler start) and connection-pool metrics of the HTTP server.", true));
            }
        }
        if (run.loadPlan() != null) {
            out.add(new Gap("Concurrency sweep", String.format("The run used one arrival rate (%d req/s): latency and wait share versus "
                    + "concurrency, the pool-exhaustion signature, cannot be plotted.", run.loadPlan().ratePerSecond()),
                    "Repeat the load at 2-4 rates (e.g. 0.5x, 1x, 2x) into separate run directories and compare with `./hotpath diff`.", true));
        }
    }
}
