package dev.hotpath.examples.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Looking things up in a run directory's traces.jsonl while a multi-service test is still running. */
final class TraceQueries {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TraceQueries() {
    }

    static void awaitTrace(Path out, String traceId, long millis) throws Exception {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            if (traceLines(out).stream().anyMatch(t -> traceId.equals(t.path("traceId").asText()))) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("trace " + traceId + " not completed within " + millis + " ms");
    }

    static List<JsonNode> traceLines(Path out) throws Exception {
        Path f = out.resolve("traces.jsonl");
        List<JsonNode> lines = new ArrayList<>();
        if (Files.exists(f)) {
            for (String line : Files.readAllLines(f)) {
                if (!line.isBlank()) {
                    lines.add(JSON.readTree(line));
                }
            }
        }
        return lines;
    }

    static List<JsonNode> spans(JsonNode trace, String type, String service) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode span : trace.get("spans")) {
            if (type.equals(span.at("/attributes/hotpath.span.type").asText()) && service.equals(span.path("service").asText())) {
                out.add(span);
            }
        }
        return out;
    }

    static JsonNode only(List<JsonNode> spans) {
        assertEquals(1, spans.size(), spans.toString());
        return spans.get(0);
    }
}
