package dev.hotpath.examples.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads what the collector wrote: findings, summary, kept traces. */
public final class RunDirectory {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;

    public RunDirectory(Path dir) {
        this.dir = dir;
    }

    public List<String> findingLines() throws IOException {
        Path f = dir.resolve("findings.jsonl");
        return Files.exists(f) ? Files.readAllLines(f).stream().filter(l -> !l.isBlank()).toList() : List.of();
    }

    public List<JsonNode> findings() throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : findingLines()) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    public JsonNode summary() throws IOException {
        return JSON.readTree(dir.resolve("summary.json").toFile());
    }

    /** Kept traces by trace id. */
    public Map<String, JsonNode> traces() throws IOException {
        Map<String, JsonNode> out = new HashMap<>();
        Path f = dir.resolve("traces.jsonl");
        if (!Files.exists(f)) {
            return out;
        }
        for (String line : Files.readAllLines(f)) {
            if (!line.isBlank()) {
                JsonNode t = JSON.readTree(line);
                out.put(t.get("traceId").asText(), t);
            }
        }
        return out;
    }

    /** The summary row of one endpoint, or null. */
    public JsonNode endpoint(String method, String route) throws IOException {
        for (JsonNode e : summary().get("endpoints")) {
            if (method.equals(e.path("method").asText()) && route.equals(e.path("route").asText())) {
                return e;
            }
        }
        return null;
    }
}
