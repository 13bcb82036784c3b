package dev.hotpath.analyzer.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads a run directory (collector/WIRE.md): summary.json, findings.jsonl, traces.jsonl, and the
 * optional load.json and jfr/. Missing files give empty parts (reports say what is missing);
 * unparseable lines are skipped and counted.
 */
public final class RunDirectory {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunDirectory() {
    }

    public static Run read(Path dir) throws IOException {
        return read(dir, dir.toString());
    }

    /** {@code label} is how reports name the directory (deterministic in tests). */
    public static Run read(Path dir, String label) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + " is not a directory");
        }
        int[] malformed = {0};
        Path summaryFile = dir.resolve("summary.json");
        JsonNode summary = Files.exists(summaryFile) ? JSON.readTree(summaryFile.toFile()) : JSON.createObjectNode();
        List<EndpointStats> endpoints = new ArrayList<>();
        for (JsonNode e : summary.path("endpoints")) {
            endpoints.add(new EndpointStats(text(e, "service"), e.path("method").asText("-"), e.path("route").asText("/"),
                    e.path("count").asLong(), e.path("rps").asDouble(), e.path("errorRate").asDouble(),
                    e.path("p50Ms").asDouble(), e.path("p95Ms").asDouble(), e.path("p99Ms").asDouble(),
                    e.path("totalMs").asDouble(), text(e, "source"), histogram(e, malformed)));
        }
        List<QueryStats> queries = new ArrayList<>();
        for (JsonNode q : summary.path("topQueries")) {
            queries.add(new QueryStats(q.path("fingerprint").asText(), text(q, "statement"), text(q, "system"),
                    q.path("count").asLong(), q.path("errors").asLong(), q.path("totalMs").asDouble(), q.path("meanMs").asDouble(),
                    q.path("p50Ms").asDouble(), q.path("p95Ms").asDouble(), q.path("p99Ms").asDouble(), text(q, "source")));
        }
        List<Finding> findings = new ArrayList<>();
        forEachLine(dir.resolve("findings.jsonl"), malformed, node -> findings.add(FindingReader.read(node)));
        findings.sort(Comparator.comparingInt(Finding::score).reversed().thenComparing(Finding::id));
        List<TraceDigest> traces = new ArrayList<>();
        forEachLine(dir.resolve("traces.jsonl"), malformed, node -> traces.add(digest(node)));

        List<ClientLatency> client = new ArrayList<>();
        LoadPlan plan = null;
        List<LoadStep> steps = new ArrayList<>();
        Path loadFile = dir.resolve("load.json");
        if (Files.exists(loadFile)) {
            JsonNode load = JSON.readTree(loadFile.toFile());
            for (JsonNode e : load.path("endpoints")) {
                client.add(clientLatency(e));
            }
            for (JsonNode st : load.path("steps")) {
                List<ClientLatency> stepEndpoints = new ArrayList<>();
                st.path("endpoints").forEach(e -> stepEndpoints.add(clientLatency(e)));
                steps.add(new LoadStep(st.path("step").asInt(), st.path("ratePerSecond").asDouble(), List.copyOf(stepEndpoints)));
            }
            JsonNode p = load.path("plan");
            if (p.isObject()) {
                plan = new LoadPlan(text(load, "target"), p.path("ratePerSecond").asInt(), p.path("rampUpSeconds").asInt(),
                        p.path("steadySeconds").asInt(), p.path("rampDownSeconds").asInt(), p.path("maxInFlight").asInt(),
                        p.path("seed").asLong(), text(p, "mix"));
            }
        }
        return new Run(label, text(summary.path("window"), "start"), text(summary.path("window"), "end"),
                summary.path("windowSeconds").asDouble(), List.copyOf(endpoints), List.copyOf(queries), List.copyOf(findings),
                List.copyOf(traces), counters(summary.path("counters").path("collector")),
                counters(summary.path("counters").path("agent")), List.copyOf(client), plan, jfrFiles(dir),
                Files.exists(summaryFile), malformed[0], pools(summary.path("pools")), jfrTime(summary.path("jfr")),
                List.copyOf(steps));
    }

    private static List<PoolStats> pools(JsonNode pools) {
        List<PoolStats> out = new ArrayList<>();
        for (JsonNode p : pools) {
            JsonNode f = p.path("pool");
            double waitMs = 0;
            List<String> waiting = new ArrayList<>();
            for (JsonNode e : p.path("endpoints")) {
                waitMs += e.path("waitMs").asDouble();
                waiting.add(String.format(java.util.Locale.ROOT, "%s %s %.1f ms (%.0f%%)", e.path("method").asText(),
                        e.path("route").asText(), e.path("waitMs").asDouble(), 100 * e.path("shareOfRequestTime").asDouble()));
            }
            out.add(new PoolStats(text(p, "service"), f.path("kind").asText(), f.path("name").asText(), integer(f, "maxSize"),
                    number(f, "shareOfSamplesAtMax"), number(f, "activeMean"), number(f, "pendingMean"), integer(f, "pendingMax"),
                    number(f, "holdTimeMs"), f.path("timeouts").asLong(), f.path("rejections").asLong(), waitMs,
                    String.join(", ", waiting)));
        }
        return List.copyOf(out);
    }

    private static Double number(JsonNode n, String field) {
        return n.path(field).isNumber() ? n.path(field).asDouble() : null;
    }

    private static Integer integer(JsonNode n, String field) {
        return n.path(field).isNumber() ? n.path(field).asInt() : null;
    }

    private static JfrTime jfrTime(JsonNode j) {
        if (!j.isObject()) {
            return null;
        }
        java.util.Map<String, Long> chunks = new java.util.TreeMap<>();
        j.path("chunksStored").fields().forEachRemaining(e -> chunks.put(e.getKey(), e.getValue().asLong()));
        List<JfrTime.Endpoint> endpoints = new ArrayList<>();
        for (JsonNode e : j.path("endpoints")) {
            endpoints.add(new JfrTime.Endpoint(e.path("method").asText("-"), e.path("route").asText("/"), e.path("requests").asLong(),
                    e.path("totalMs").asDouble(), e.path("lockWaitMs").asDouble(), e.path("gcPauseMs").asDouble(),
                    e.path("cpuMs").asDouble(), e.path("pinnedMs").asDouble()));
        }
        JsonNode v = j.path("jvm");
        JfrTime.Jvm jvm = null;
        if (v.isObject()) {
            List<JfrTime.FrameSamples> frames = new ArrayList<>();
            for (JsonNode f : v.path("topFrames")) {
                frames.add(new JfrTime.FrameSamples(f.path("frame").asText(), f.path("samples").asLong(), f.path("share").asDouble()));
            }
            jvm = new JfrTime.Jvm(text(v, "firstEvent"), text(v, "lastEvent"), v.path("executionSamples").asLong(),
                    v.path("samplesInRequests").asLong(), List.copyOf(frames), v.path("gcPauses").asLong(),
                    v.path("gcPauseMsTotal").asDouble(), v.path("longestGcPauseMs").asDouble());
        }
        return new JfrTime(java.util.Map.copyOf(chunks), j.path("samplePeriodMs").asDouble(), j.path("requests").asLong(),
                List.copyOf(endpoints), jvm);
    }

    private static List<String> jfrFiles(Path dir) throws IOException {
        Path jfr = dir.resolve("jfr");
        List<String> out = new ArrayList<>();
        if (Files.isDirectory(jfr)) {
            try (Stream<Path> files = Files.walk(jfr)) {
                files.filter(f -> f.getFileName().toString().endsWith(".jfr"))
                        .forEach(f -> out.add(dir.relativize(f).toString()));
            }
        }
        out.sort(null);
        return out;
    }

    private interface LineHandler {
        void accept(JsonNode node);
    }

    private static ClientLatency clientLatency(JsonNode e) {
        return new ClientLatency(e.path("method").asText(), e.path("route").asText(), e.path("count").asLong(),
                e.path("errors").asLong(), e.path("rps").asDouble(), e.path("p50Ms").asDouble(),
                e.path("p95Ms").asDouble(), e.path("p99Ms").asDouble(), e.path("maxMs").asDouble());
    }

    /** The endpoint's histogram; a malformed one counts as a malformed line and is ignored (the diff falls back to traces). */
    private static LatencyHistogram histogram(JsonNode endpoint, int[] malformed) {
        String encoded = text(endpoint, "histogram");
        if (encoded == null) {
            return null;
        }
        try {
            return LatencyHistogram.decode(encoded);
        } catch (IllegalArgumentException e) {
            malformed[0]++;
            return null;
        }
    }

    private static void forEachLine(Path file, int[] malformed, LineHandler handler) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    handler.accept(JSON.readTree(line));
                } catch (IOException | RuntimeException e) {
                    malformed[0]++; // a torn or foreign line must not hide the rest of the run
                }
            }
        }
    }

    static TraceDigest digest(JsonNode t) {
        long start = t.path("startEpochNanos").asLong();
        long duration = t.path("durationNanos").asLong();
        long end = start + duration;
        Intervals db = new Intervals();
        Intervals pool = new Intervals();
        Intervals http = new Intervals();
        boolean hasServer = false;
        boolean templated = false;
        String keepReason = null;
        Set<String> serverAttrs = new HashSet<>();
        Map<String, Integer> fingerprints = new TreeMap<>();
        int dbCalls = 0;
        for (JsonNode s : t.path("spans")) {
            String type = s.path("type").asText("");
            String kind = s.path("kind").asText("");
            JsonNode attrs = s.path("attributes");
            long ss = s.path("startEpochNanos").asLong();
            long se = s.path("endEpochNanos").asLong();
            if (type.equals("server") || kind.equals("SERVER")) {
                if (!hasServer) {
                    hasServer = true;
                    templated = attrs.has("http.route");
                    keepReason = text(attrs, "hotpath.keep.reason");
                    for (Iterator<String> it = attrs.fieldNames(); it.hasNext(); ) {
                        serverAttrs.add(it.next());
                    }
                }
            } else if (type.equals("db")) {
                db.add(ss, se);
                dbCalls++;
                String fp = text(attrs, "hotpath.db.fingerprint");
                if (fp != null) {
                    fingerprints.merge(fp, 1, Integer::sum);
                }
            } else if (type.equals("db.connection.acquire")) {
                pool.add(ss, se);
            } else if (kind.equals("CLIENT") && (type.startsWith("http") || attrs.has("http.request.method"))) {
                http.add(ss, se);
            }
        }
        long dbNanos = db.unionLength(start, end);
        long poolNanos = pool.unionLength(start, end);
        long httpNanos = http.unionLength(start, end);
        long measured = db.plus(pool).plus(http).unionLength(start, end);
        JsonNode endpoint = t.path("endpoint");
        return new TraceDigest(t.path("traceId").asText(), text(t, "service"), endpoint.path("method").asText("-"),
                endpoint.path("route").asText("/"), start, duration, t.path("error").asBoolean(),
                t.path("rootSeen").asBoolean(true), hasServer, templated, t.path("spans").size(),
                t.path("spansDropped").asInt(), keepReason, dbNanos, poolNanos, httpNanos, Math.max(0, duration - measured),
                dbCalls, Set.copyOf(serverAttrs), Map.copyOf(fingerprints));
    }

    private static SortedMap<String, Long> counters(JsonNode node) {
        TreeMap<String, Long> out = new TreeMap<>();
        node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asLong()));
        return out;
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
