package dev.hotpath.analyzer.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A short text summary of a run directory: the endpoint table and the findings, ranked. (The full
 * playbook report, report.md and report.html, is the analyzer's next step.)
 */
public final class RunSummaryPrinter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunSummaryPrinter() {
    }

    /** Returns the number of findings printed. */
    public static int print(Path dir, PrintStream out) throws IOException {
        Path summaryFile = dir.resolve("summary.json");
        if (Files.exists(summaryFile)) {
            printEndpoints(JSON.readTree(summaryFile.toFile()), out);
        } else {
            out.println("no summary.json in " + dir + " (did the collector receive anything?)");
        }
        List<JsonNode> findings = readFindings(dir.resolve("findings.jsonl"));
        out.println();
        out.println("Findings: " + findings.size() + (findings.isEmpty() ? " (no bottleneck signature detected)" : ""));
        int rank = 1;
        for (JsonNode f : findings) {
            printFinding(rank++, f, out);
        }
        return findings.size();
    }

    static List<JsonNode> readFindings(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank()) {
                    out.add(JSON.readTree(line));
                }
            }
        }
        return out;
    }

    private static void printEndpoints(JsonNode summary, PrintStream out) {
        out.println("Endpoints (all requests, from the agent's aggregates):");
        out.printf(Locale.ROOT, "  %-7s %-34s %8s %8s %9s %9s %9s %7s%n", "method", "route", "count", "req/s", "p50 ms", "p95 ms", "p99 ms", "err %");
        for (JsonNode e : summary.path("endpoints")) {
            out.printf(Locale.ROOT, "  %-7s %-34s %8d %8.1f %9.1f %9.1f %9.1f %7.2f%n",
                    e.path("method").asText(), truncate(e.path("route").asText(), 34), e.path("count").asLong(),
                    e.path("rps").asDouble(), e.path("p50Ms").asDouble(), e.path("p95Ms").asDouble(),
                    e.path("p99Ms").asDouble(), 100 * e.path("errorRate").asDouble());
        }
        JsonNode queries = summary.path("topQueries");
        if (queries.size() > 0) {
            out.println();
            out.println("Top queries by total time:");
            int i = 0;
            for (JsonNode q : queries) {
                if (i++ == 5) {
                    break;
                }
                out.printf(Locale.ROOT, "  %9.1f ms total %7d calls  %s%n", q.path("totalMs").asDouble(), q.path("count").asLong(),
                        truncate(q.path("statement").asText(), 90));
            }
        }
    }

    private static void printFinding(int rank, JsonNode f, PrintStream out) {
        out.printf(Locale.ROOT, "%n%d. [%s %d] %s%n", rank, f.path("severity").asText().toUpperCase(Locale.ROOT),
                f.path("score").asInt(), f.path("title").asText());
        out.println("   " + f.path("summary").asText());
        JsonNode impact = f.path("impact");
        out.printf(Locale.ROOT, "   impact: %d of %d requests (%.0f%%), %.0f%% of their time, %.1f s lost in the run; confidence %s%n",
                impact.path("requestsAffected").asLong(), impact.path("endpointRequests").asLong(),
                100 * impact.path("shareOfRequests").asDouble(), 100 * impact.path("shareOfRequestTime").asDouble(),
                impact.path("totalTimeLostMs").asDouble() / 1000, f.path("confidence").path("level").asText());
        for (JsonNode code : f.path("codePointers")) {
            out.println("   code: " + code.path("function").asText() + "(" + code.path("file").asText() + ":" + code.path("line").asInt() + ")");
            break;
        }
        List<String> ids = new ArrayList<>();
        f.path("exemplarTraceIds").forEach(id -> ids.add(id.asText()));
        if (!ids.isEmpty()) {
            out.println("   exemplar traces: " + String.join(", ", ids));
        }
        out.println("   quick fix: " + f.path("fix").path("quick").path("action").asText());
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }
}
