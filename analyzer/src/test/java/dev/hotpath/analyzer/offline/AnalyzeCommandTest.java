package dev.hotpath.analyzer.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Offline analysis: OTLP JSON lines recorded by another OpenTelemetry SDK (plain semantic-convention
 * attributes, raw SQL with literals) through the collector's pipeline, then the report.
 */
class AnalyzeCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void recordedTracesGiveTheNPlusOneFindingAndAReportAndABadFileIsSkippedAndCounted() throws Exception {
        StringBuilder lines = new StringBuilder();
        for (int t = 0; t < 12; t++) { // 12 requests of 6..17 statements: 150 spans with their roots
            lines.append(request(t, 6 + t)).append('\n');
        }
        Path good = Files.writeString(dir.resolve("traces.jsonl"), lines);
        Path bad = Files.writeString(dir.resolve("cut.json"), "{\"resourceSpans\": [");
        Path out = dir.resolve("run");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();

        int exit = AnalyzeCommand.run(List.of(good, bad), out, new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8));

        assertEquals(1, exit, "a skipped file makes the exit code 1");
        assertTrue(stderr.toString(StandardCharsets.UTF_8).contains("skipping " + bad), stderr.toString(StandardCharsets.UTF_8));
        List<String> findings = Files.readAllLines(out.resolve("findings.jsonl"));
        assertEquals(1, findings.size(), String.join("\n", findings));
        JsonNode f = JSON.readTree(findings.get(0));
        assertEquals("n_plus_one", f.path("kind").asText());
        assertEquals("/owners/{id}", f.at("/endpoint/route").asText());
        assertEquals("select * from pets where owner_id = ?", f.at("/evidence/statement").asText(), "literals removed");
        assertEquals(12, f.at("/impact/requestsAffected").asInt());
        assertTrue(Files.readString(out.resolve("report.md")).contains("## 1. Executive Summary"));
        assertTrue(stdout.toString(StandardCharsets.UTF_8).contains("2 file(s), 150 spans, 0 JFR file(s), 1 skipped; 1 finding(s)"),
                stdout.toString(StandardCharsets.UTF_8));
    }

    /** One ExportTraceServiceRequest: a server span and {@code queries} sequential statements, 2 ms each. */
    private static String request(int t, int queries) {
        String traceId = String.format(Locale.ROOT, "%032x", 0xabc000L + t);
        String root = String.format(Locale.ROOT, "%016x", 0x1000L + t);
        long start = 1_795_761_700_000_000_000L + t * 1_000_000_000L;
        StringBuilder spans = new StringBuilder();
        long cursor = start + 1_000_000;
        for (int i = 0; i < queries; i++) {
            spans.append(String.format(Locale.ROOT, "{\"traceId\":\"%s\",\"spanId\":\"%016x\",\"parentSpanId\":\"%s\",\"name\":\"SELECT pets\","
                            + "\"kind\":3,\"startTimeUnixNano\":\"%d\",\"endTimeUnixNano\":\"%d\",\"attributes\":["
                            + "{\"key\":\"db.system\",\"value\":{\"stringValue\":\"postgresql\"}},"
                            + "{\"key\":\"db.statement\",\"value\":{\"stringValue\":\"select * from pets where owner_id = %d\"}}]},",
                    traceId, 0x5000L + t * 100 + i, root, cursor, cursor + 2_000_000, 40 + i));
            cursor += 2_100_000;
        }
        spans.append(String.format(Locale.ROOT, "{\"traceId\":\"%s\",\"spanId\":\"%s\",\"name\":\"GET /owners/{id}\",\"kind\":2,"
                        + "\"startTimeUnixNano\":\"%d\",\"endTimeUnixNano\":\"%d\",\"attributes\":["
                        + "{\"key\":\"http.method\",\"value\":{\"stringValue\":\"GET\"}},"
                        + "{\"key\":\"http.route\",\"value\":{\"stringValue\":\"/owners/{id}\"}},"
                        + "{\"key\":\"http.status_code\",\"value\":{\"intValue\":\"200\"}}]}",
                traceId, root, start, cursor + 1_000_000));
        return "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":\"petclinic\"}}]},"
                + "\"scopeSpans\":[{\"spans\":[" + spans + "]}]}]}";
    }
}
