package dev.hotpath.collector.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hotpath.collector.stats.AgentStatsReport;
import dev.hotpath.collector.stats.HistogramCodec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** {@code POST /v1/hotpath/stats} JSON -> {@link AgentStatsReport} (see WIRE.md). */
final class StatsDecoder {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    static final int SCHEMA = 1;

    private StatsDecoder() {
    }

    static AgentStatsReport decode(byte[] body) throws RejectedRequest {
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw RejectedRequest.malformed("malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw RejectedRequest.malformed("unreadable JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw RejectedRequest.malformed("stats body must be a JSON object");
        }
        if (root.path("schema").asInt(-1) != SCHEMA) {
            throw RejectedRequest.malformed("unsupported stats schema " + root.path("schema") + "; expected " + SCHEMA);
        }
        String service = text(root, "service", true, "stats");
        long start = number(root, "intervalStartMs", "stats");
        long end = number(root, "intervalEndMs", "stats");
        if (end < start) {
            throw RejectedRequest.malformed("intervalEndMs is before intervalStartMs");
        }
        List<AgentStatsReport.RouteInterval> routes = new ArrayList<>();
        int i = 0;
        for (JsonNode r : array(root, "routes")) {
            String where = "routes[" + i++ + "]";
            routes.add(new AgentStatsReport.RouteInterval(text(r, "method", true, where).toUpperCase(Locale.ROOT),
                    text(r, "route", true, where), count(r, "count", where), count(r, "errors", where),
                    count(r, "totalNanos", where), histogram(r, where), waits(r, where)));
        }
        List<AgentStatsReport.QueryInterval> queries = new ArrayList<>();
        i = 0;
        for (JsonNode q : array(root, "queries")) {
            String where = "queries[" + i++ + "]";
            queries.add(new AgentStatsReport.QueryInterval(text(q, "fingerprint", true, where).toLowerCase(Locale.ROOT),
                    text(q, "statement", false, where), text(q, "system", false, where), count(q, "count", where),
                    count(q, "errors", where), count(q, "totalNanos", where), histogram(q, where)));
        }
        List<AgentStatsReport.PoolInterval> pools = new ArrayList<>();
        i = 0;
        for (JsonNode p : array(root, "pools")) {
            String where = "pools[" + i++ + "]";
            pools.add(new AgentStatsReport.PoolInterval(kind(p, where), text(p, "name", true, where),
                    size(p, "core", where), size(p, "max", where), (int) count(p, "samples", where),
                    (int) count(p, "samplesAtMax", where), mean(p, "activeMean", where), size(p, "activeMax", where),
                    mean(p, "pendingMean", where), size(p, "pendingMax", where), size(p, "idle", where),
                    size(p, "completed", where), size(p, "rejected", where), size(p, "timeouts", where)));
        }
        Map<String, Long> counters = new LinkedHashMap<>();
        JsonNode c = root.path("counters");
        if (c.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = c.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isIntegralNumber() || e.getValue().asLong() < 0) {
                    throw RejectedRequest.malformed("counters." + e.getKey() + " must be a non-negative integer");
                }
                counters.put(e.getKey(), e.getValue().asLong());
            }
        }
        JsonNode seq = root.path("seq");
        if (!seq.isMissingNode() && (!seq.isIntegralNumber() || seq.asLong() < 1)) {
            throw RejectedRequest.malformed("seq must be a positive integer");
        }
        return new AgentStatsReport(service, text(root, "instance", false, "stats"), start, end, routes, queries, pools, counters,
                seq.isMissingNode() ? 0 : seq.asLong());
    }

    private static List<AgentStatsReport.PoolWait> waits(JsonNode route, String where) throws RejectedRequest {
        List<AgentStatsReport.PoolWait> out = new ArrayList<>();
        int i = 0;
        for (JsonNode w : array(route, "waits")) {
            String at = where + ".waits[" + i++ + "]";
            out.add(new AgentStatsReport.PoolWait(kind(w, at), text(w, "pool", true, at), count(w, "count", at),
                    count(w, "totalNanos", at), count(w, "timeouts", at)));
        }
        return out;
    }

    private static String kind(JsonNode n, String where) throws RejectedRequest {
        String kind = text(n, "kind", true, where);
        if (!kind.equals("thread") && !kind.equals("connection")) {
            throw RejectedRequest.malformed(where + ".kind must be 'thread' or 'connection'");
        }
        return kind;
    }

    /** A size or count where -1 means unknown. */
    private static int size(JsonNode n, String field, String where) throws RejectedRequest {
        JsonNode v = n.path(field);
        if (v.isMissingNode()) {
            return -1;
        }
        if (!v.isIntegralNumber() || v.asLong() < -1 || v.asLong() > Integer.MAX_VALUE) {
            throw RejectedRequest.malformed(where + "." + field + " must be an integer >= -1");
        }
        return v.asInt();
    }

    private static double mean(JsonNode n, String field, String where) throws RejectedRequest {
        JsonNode v = n.path(field);
        if (v.isMissingNode()) {
            return 0;
        }
        if (!v.isNumber() || v.asDouble() < 0 || !Double.isFinite(v.asDouble())) {
            throw RejectedRequest.malformed(where + "." + field + " must be a non-negative number");
        }
        return v.asDouble();
    }

    private static Histogram histogram(JsonNode n, String where) throws RejectedRequest {
        JsonNode h = n.path("histogram");
        if (h.isMissingNode() || h.isNull() || h.asText().isEmpty()) {
            return null;
        }
        try {
            return HistogramCodec.decode(h.asText());
        } catch (IllegalArgumentException e) {
            throw RejectedRequest.malformed(where + ".histogram: " + e.getMessage());
        }
    }

    private static String text(JsonNode n, String field, boolean required, String where) throws RejectedRequest {
        JsonNode v = n.path(field);
        if (v.isTextual() && !v.asText().isBlank()) {
            return v.asText();
        }
        if (required) {
            throw RejectedRequest.malformed(where + "." + field + " is required (string)");
        }
        return null;
    }

    private static long number(JsonNode n, String field, String where) throws RejectedRequest {
        JsonNode v = n.path(field);
        if (!v.isIntegralNumber()) {
            throw RejectedRequest.malformed(where + "." + field + " is required (integer)");
        }
        return v.asLong();
    }

    private static long count(JsonNode n, String field, String where) throws RejectedRequest {
        JsonNode v = n.path(field);
        if (v.isMissingNode()) {
            return 0;
        }
        if (!v.isIntegralNumber() || v.asLong() < 0) {
            throw RejectedRequest.malformed(where + "." + field + " must be a non-negative integer");
        }
        return v.asLong();
    }

    private static Iterable<JsonNode> array(JsonNode n, String field) throws RejectedRequest {
        JsonNode v = n.path(field);
        if (v.isMissingNode() || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw RejectedRequest.malformed("'" + field + "' must be an array");
        }
        return v;
    }
}
